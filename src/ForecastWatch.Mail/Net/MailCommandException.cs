namespace ForecastWatch.Mail.Net;

/// <summary>
/// The server refused a command (SMTP 4xx/5xx, IMAP NO/BAD). The connection is still usable.
/// Unsealed: <c>SmtpCommandException</c> and <c>ImapCommandException</c> add each protocol's codes.
/// </summary>
public abstract class MailCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected MailCommandException(string command, string serverText, string message)
        : base(message)
    {
        Command = command;
        ServerText = serverText;
    }

    /// <summary>The command the server refused (e.g. <c>RCPT</c>, <c>UID MOVE</c>), without credentials.</summary>
    public string Command { get; }

    /// <summary>The human-readable text the server sent.</summary>
    public string ServerText { get; }

    /// <summary>Whether the same command may succeed later (SMTP 4xx; IMAP NO with a transient response code).</summary>
    public abstract bool IsTransient { get; }
}
