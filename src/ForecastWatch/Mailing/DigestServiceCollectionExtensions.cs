using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

internal static class DigestServiceCollectionExtensions
{
    /// <summary>The digest options (validated at start), the service behind the job and <c>digest</c>, and health's view of the job.</summary>
    public static IServiceCollection AddForecastWatchDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<DigestOptions>().Bind(configuration.GetSection(DigestOptions.SectionName));
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddSingleton<DigestService>();
        services.AddTransient<DigestJob>();
        services.AddJobSchedule(_ => DigestJob.Schedule(configuration));
        return services;
    }
}
