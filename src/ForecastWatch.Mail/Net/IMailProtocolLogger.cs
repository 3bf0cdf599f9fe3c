namespace ForecastWatch.Mail.Net;

/// <summary>
/// Receives the bytes exchanged with a server. Credentials never reach it: the clients pass a redacted copy
/// of every command that carries a password, token or SASL response.
/// </summary>
public interface IMailProtocolLogger
{
    /// <summary>A connection was opened.</summary>
    void LogConnect(string host, int port, MailTlsMode tlsMode);

    /// <summary>Bytes the client sent (already redacted).</summary>
    void LogClient(ReadOnlySpan<byte> data);

    /// <summary>Bytes the server sent.</summary>
    void LogServer(ReadOnlySpan<byte> data);
}
