using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// The reply-token key. Production sets <c>ForecastWatch__Mailing__TokenSecret</c> in the environment; a value in a
/// config file is refused at start (see <see cref="MailingServiceCollectionExtensions"/>). Without it, a random key is
/// created once per data directory in <c>DATA/token-secret</c> (mode 0600) and a warning is logged, so the embedded
/// default works out of the box and tokens stay valid across restarts of the same installation.
/// </summary>
public sealed partial class PromptTokenProvider
{
    public const string SecretFileName = "token-secret";
    private readonly Lazy<PromptToken> _token;

    public PromptTokenProvider(IOptions<MailingOptions> mailing, IOptions<ForecastWatchOptions> app, ILogger<PromptTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(mailing);
        ArgumentNullException.ThrowIfNull(app);
        var secret = mailing.Value.TokenSecret;
        var dataDirectory = app.Value.DataDirectory;
        _token = new Lazy<PromptToken>(() => secret is { Length: > 0 }
            ? PromptToken.FromSecret(secret)
            : new PromptToken(LoadOrCreate(Path.Combine(dataDirectory, SecretFileName), logger)),
                LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PromptToken Token => _token.Value;

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        Log.DevelopmentSecret(logger, MailingOptions.TokenSecretEnvironmentVariable, Path.GetFullPath(path));
        if (File.Exists(path))
        {
            return Encoding.ASCII.GetBytes(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var temp = path + ".tmp";
        File.WriteAllText(temp, secret + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Another process may have won the race: keep theirs so both agree on the key.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }

        return Encoding.ASCII.GetBytes(File.ReadAllText(path).Trim());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
            Message = "{Variable} is not set: using the development reply-token key in {Path}. Set it in the environment for production.")]
        public static partial void DevelopmentSecret(ILogger logger, string variable, string path);
    }
}
