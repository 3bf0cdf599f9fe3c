using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

internal static class MailingServiceCollectionExtensions
{
    /// <summary>Options, transports, the delivery pipeline and the prompt services (CLI and worker alike).</summary>
    public static IServiceCollection AddForecastWatchMailing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<MailingOptions>().Bind(configuration.GetSection(MailingOptions.SectionName));
        services.AddSingleton<IValidateOptions<MailingOptions>, MailingOptionsValidator>();
        services.AddSingleton<IValidateOptions<MailingOptions>>(new SecretsNotInFilesValidator(configuration));
        services.AddSingleton<IValidateOptions<MailingOptions>, SmtpConfiguredValidator>();
        services.AddOptionsWithValidateOnStart<EditorsOptions>().Bind(configuration.GetSection(EditorsOptions.SectionName));
        services.AddSingleton<IValidateOptions<EditorsOptions>, EditorsOptionsValidator>();
        services.AddOptionsWithValidateOnStart<PromptScheduleOptions>().Bind(configuration.GetSection(PromptScheduleOptions.SectionName))
            .PostConfigure<IOptions<ForecastWatchOptions>>(static (prompts, app) => prompts.TimeZone = app.Value.TimeZone);
        services.AddSingleton<IValidateOptions<PromptScheduleOptions>, PromptScheduleOptionsValidator>();

        services.TryAddSingleton<IPromptPredictionSource, RegistryPromptSource>();
        services.AddSingleton<IMailRenderer, MailRenderer>();
        services.AddSingleton<PromptTokenProvider>();
        services.AddSingleton<PromptComposer>();
        services.AddSingleton<DirectoryMailTransport>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<IMailTransport>(static sp =>
            sp.GetRequiredService<IOptions<MailingOptions>>().Value.Transport == MailTransports.Smtp
                ? sp.GetRequiredService<SmtpMailTransport>()
                : sp.GetRequiredService<DirectoryMailTransport>());
        services.AddMailDeliveryPipeline();
        services.AddSingleton<OutboxDeliveryService>();
        services.AddSingleton<PromptService>();
        return services;
    }

    /// <summary>The smtp transport needs the server of <c>Mail:Smtp</c>.</summary>
    private sealed class SmtpConfiguredValidator(IOptions<MailServerOptions> servers) : IValidateOptions<MailingOptions>
    {
        public ValidateOptionsResult Validate(string? name, MailingOptions options) =>
            options.Transport == MailTransports.Smtp && !servers.Value.Smtp.IsConfigured
                ? ValidateOptionsResult.Fail($"{MailingOptions.SectionName}:Transport is smtp but Mail:Smtp:Host is not set.")
                : ValidateOptionsResult.Success;
    }

    /// <summary>Secrets come from the environment: a token secret found in a JSON file stops the start.</summary>
    private sealed class SecretsNotInFilesValidator(IConfiguration configuration) : IValidateOptions<MailingOptions>
    {
        private static readonly string[] SecretKeys = [MailingOptions.SectionName + ":TokenSecret"];

        // A connection string is a secret only when it carries the password (one without may sit in a file, the
        // password then coming from PGPASSWORD or a pgpass file).
        private static bool HoldsSecret(string key, string value) =>
            key != Hosting.StoreSettings.ConnectionStringKey || HasPassword(value);

        private static bool HasPassword(string value)
        {
            try
            {
                return !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(value).Password);
            }
            catch (ArgumentException)
            {
                return true;
            }
        }

        public ValidateOptionsResult Validate(string? name, MailingOptions options)
        {
            if (configuration is not IConfigurationRoot root)
            {
                return ValidateOptionsResult.Skip;
            }

            var errors = new List<string>();
            foreach (var provider in root.Providers.OfType<FileConfigurationProvider>())
            {
                foreach (var key in (string[])[.. SecretKeys, Hosting.StoreSettings.ConnectionStringKey])
                {
                    if (provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value) && HoldsSecret(key, value))
                    {
                        errors.Add($"{key} must not be in a configuration file ({provider.Source.Path}): set it in the environment as "
                            + $"{key.Replace(":", "__", StringComparison.Ordinal)}.");
                    }
                }
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
