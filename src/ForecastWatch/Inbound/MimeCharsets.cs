using System.Text;

namespace ForecastWatch.Inbound;

/// <summary>
/// Shift_JIS, KOI8-R, windows-125x, ISO-2022-JP...: .NET has them only through the code-pages provider, and MimeKit
/// looks charsets up once, so the provider is registered before anything touches MimeKit (the CLI and the worker
/// start in <see cref="Cli.CliApp"/>; the renderer and the reader register too, for callers that start elsewhere).
/// </summary>
internal static class MimeCharsets
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }
}
