using System.Collections;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Hosting;

/// <summary>
/// Docker/Kubernetes secrets: for every environment variable <c>X_FILE</c> (for example
/// <c>ForecastWatch__Smtp__Password_FILE=/run/secrets/smtp</c>) the content of that file becomes configuration key
/// <c>X</c> (<c>ForecastWatch:Smtp:Password</c>), the convention of the official postgres/mysql images.
/// Added after the plain environment variables, so a file wins over a plain variable of the same name.
/// Only variables under <see cref="Prefixes"/> count: the environment is full of unrelated <c>*_FILE</c> variables
/// (<c>SSL_CERT_FILE</c>, <c>TF_CLI_CONFIG_FILE</c>) that must be neither read nor required to exist.
/// </summary>
internal sealed class SecretsFileConfigurationSource : IConfigurationSource
{
    public const string Suffix = "_FILE";

    /// <summary>
    /// Variable name prefixes (case-insensitive) that may name secret files: our sections <c>ForecastWatch</c> and
    /// <c>Mail</c>.
    /// </summary>
    public IReadOnlyList<string> Prefixes { get; init; } = ["ForecastWatch__", "Mail__"];

    /// <summary>The variables to scan; <c>null</c> reads the process environment (tests pass their own).</summary>
    public IDictionary? Environment { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretsFileConfigurationProvider(this);
}

internal sealed class SecretsFileConfigurationProvider(SecretsFileConfigurationSource source) : ConfigurationProvider
{
    /// <summary>Configuration keys whose value came from a secret file, with the file's path (never the value).</summary>
    public IReadOnlyDictionary<string, string> SecretFiles { get; private set; } = new Dictionary<string, string>();

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var environment = source.Environment ?? System.Environment.GetEnvironmentVariables();
        foreach (DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (!name.EndsWith(SecretsFileConfigurationSource.Suffix, StringComparison.Ordinal)
                || !source.Prefixes.Any(p => name.Length > p.Length + SecretsFileConfigurationSource.Suffix.Length
                    && name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var key = name[..^SecretsFileConfigurationSource.Suffix.Length]
                .Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            var path = entry.Value as string;
            data[key] = ReadSecret(name, path);
            files[key] = path!;
        }

        Data = data;
        SecretFiles = files;
    }

    private static string ReadSecret(string variable, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException($"Environment variable {variable} is empty: it must name a file holding the secret.");
        }

        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The message names the variable and the path, never any content.
            throw new InvalidOperationException(
                $"Environment variable {variable} names the file '{path}', which cannot be read: {ex.GetType().Name}.", ex);
        }

        // `echo secret > file` and `kubectl create secret --from-file` leave a final newline that is not part of it.
        return content.TrimEnd('\r', '\n');
    }
}

internal static class SecretsConfigurationExtensions
{
    /// <summary>Adds the <c>*_FILE</c> secrets source; call it right after <c>AddEnvironmentVariables()</c>.</summary>
    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder builder, IDictionary? environment = null) =>
        builder.Add(new SecretsFileConfigurationSource { Environment = environment });

    /// <summary>The configuration keys provided by secret files, with their paths, for the startup summary.</summary>
    public static IReadOnlyDictionary<string, string> GetSecretFileKeys(this IConfigurationRoot configuration) =>
        configuration.Providers.OfType<SecretsFileConfigurationProvider>().LastOrDefault()?.SecretFiles
        ?? new Dictionary<string, string>();
}
