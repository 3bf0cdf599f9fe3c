namespace ForecastWatch.Domain.Dates;

/// <summary>How precisely a date is known. Ordered from coarsest to finest.</summary>
public enum DatePrecision
{
    Year = 0,
    Quarter = 1,
    Month = 2,
    Day = 3,
}
