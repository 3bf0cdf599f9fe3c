using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

/// <summary>The IMAP server answered NO or BAD; the connection is still usable.</summary>
public sealed class ImapCommandException : MailCommandException
{
    /// <summary>Creates the exception.</summary>
    public ImapCommandException(string command, ImapStatus status, string? responseCode, string serverText)
        : base(command, serverText, $"IMAP {command} failed: {status.ToString().ToUpperInvariant()}{(responseCode is null ? "" : $" [{responseCode}]")} {serverText}")
    {
        Status = status;
        ResponseCode = responseCode;
    }

    /// <summary><see cref="ImapStatus.No"/> or <see cref="ImapStatus.Bad"/>.</summary>
    public ImapStatus Status { get; }

    /// <summary>The response code name (RFC 5530), e.g. <c>AUTHENTICATIONFAILED</c>, <c>TRYCREATE</c>, <c>UNAVAILABLE</c>.</summary>
    public string? ResponseCode { get; }

    /// <summary>True for the RFC 5530 codes that mean "try again later" (UNAVAILABLE, INUSE, SERVERBUG, LIMIT, OVERQUOTA is permanent).</summary>
    public override bool IsTransient => ResponseCode is "UNAVAILABLE" or "INUSE" or "SERVERBUG" or "LIMIT" or "CONTACTADMIN";
}
