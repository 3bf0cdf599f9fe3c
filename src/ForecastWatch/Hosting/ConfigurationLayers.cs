using System.Collections;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Hosting;

/// <summary>
/// The one order in which configuration is read, later layers winning, each file at most once:
/// <list type="number">
/// <item><c>APP/config/appsettings.json</c>, the defaults shipped with the executable;</item>
/// <item><c>APP/config/appsettings.{Environment}.json</c> (<c>DOTNET_ENVIRONMENT</c>, default <c>Production</c>);</item>
/// <item>the file named by <c>--config</c>;</item>
/// <item>environment variables (<c>Section__Key</c>);</item>
/// <item><c>*_FILE</c> secret files (see <see cref="SecretsFileConfigurationSource"/>);</item>
/// <item><c>--data</c>.</item>
/// </list>
/// <c>APP</c> is the directory of the executable, never the working directory: in the container both are
/// <c>/app</c>, and reading a working-directory copy as well put the defaults back over the environment file.
/// </summary>
internal sealed record ConfigurationLayers(string AppDirectory, string EnvironmentName, string? ConfigFile, string? DataDirectory)
{
    public const string ConfigDirectoryName = "config";
    public const string DefaultsFileName = "appsettings.json";

    public string DefaultsFile => Path.Combine(AppDirectory, ConfigDirectoryName, DefaultsFileName);

    public string EnvironmentFile => Path.Combine(AppDirectory, ConfigDirectoryName, $"appsettings.{EnvironmentName}.json");

    /// <summary>Replaces every source of <paramref name="builder"/> with the documented layers.</summary>
    /// <param name="environment">The variables to read; <c>null</c> reads the process environment (tests pass their own).</param>
    public IConfigurationBuilder ApplyTo(IConfigurationBuilder builder, IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sources.Clear();
        var files = new HashSet<string>(StringComparer.Ordinal);
        AddJson(builder, files, DefaultsFile, optional: true);
        AddJson(builder, files, EnvironmentFile, optional: true);
        if (!string.IsNullOrEmpty(ConfigFile))
        {
            AddJson(builder, files, ConfigFile, optional: false);
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables();
        }
        else
        {
            builder.AddInMemoryCollection(environment.Cast<DictionaryEntry>()
                .Select(static e => new KeyValuePair<string, string?>(
                    ((string)e.Key).Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e.Value as string)));
        }

        builder.AddSecretFiles(environment);
        if (!string.IsNullOrEmpty(DataDirectory))
        {
            builder.AddInMemoryCollection([new("ForecastWatch:DataDirectory", DataDirectory)]);
        }

        return builder;
    }

    private static void AddJson(IConfigurationBuilder builder, HashSet<string> files, string path, bool optional)
    {
        // --config naming the defaults or the environment file must not move that file to a later position.
        var full = Path.GetFullPath(path);
        if (files.Add(full))
        {
            builder.AddJsonFile(full, optional, reloadOnChange: false);
        }
    }
}
