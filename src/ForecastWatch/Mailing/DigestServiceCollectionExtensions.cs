using ForecastWatch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

internal static class DigestServiceCollectionExtensions
{
    /// <summary>The digest options (validated at start), and the service behind the job and <c>digest</c>.</summary>
    public static IServiceCollection AddForecastWatchDigest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<DigestOptions>().Bind(configuration.GetSection(DigestOptions.SectionName));
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddSingleton<DigestService>();
        return services;
    }
}
