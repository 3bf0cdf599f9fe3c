using System.Data.Common;
using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Mailing;

/// <summary>The predictions that can be prompted (accepted ones, open or not), read through the caller's connection.</summary>
public interface IPromptPredictionSource
{
    Task<IReadOnlyList<PromptPrediction>> LoadAsync(DbConnection connection, CancellationToken cancellationToken);
}
