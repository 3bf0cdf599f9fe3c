using ForecastWatch.Mailing;

namespace ForecastWatch.Tests.Mailing;

public sealed class MailServerOptionsTests
{
    [Fact]
    public void Defaults_RequireTls()
    {
        var sut = new MailServerOptions();

        Assert.Equal((587, MailTlsMode.StartTls), (sut.Smtp.Port, sut.Smtp.TlsMode));
        Assert.Equal((993, MailTlsMode.Implicit), (sut.Imap.Port, sut.Imap.TlsMode));
        Assert.False(sut.Smtp.AllowInsecureAuthentication);
        Assert.Equal((100, TimeSpan.FromSeconds(30)), (sut.Smtp.MaxMessagesPerSession, sut.Smtp.SessionIdleCheck));
        Assert.True(new MailServerOptionsValidator().Validate(null, sut).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NamesEachKey()
    {
        var sut = new MailServerOptions
        {
            Smtp = new MailEndpointOptions
            {
                Host = "mail example",
                Port = 0,
                Timeout = TimeSpan.Zero,
                MaxMessagesPerSession = 0,
                SessionIdleCheck = TimeSpan.FromSeconds(-1)
            },
            Imap = new MailEndpointOptions
            {
                Host = "imap.example.test",
                Port = 993,
                PinnedSha256 = "abc",
                TrustedCaFile = "/no/such/ca.pem"
            },
        };

        var result = new MailServerOptionsValidator().Validate(null, sut);

        Assert.True(result.Failed);
        Assert.Contains("Mail:Smtp:Port", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:Timeout", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:Host", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:MaxMessagesPerSession 0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:SessionIdleCheck", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Imap:PinnedSha256", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Mail:Imap:TrustedCaFile", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TokenBeforePasswordBeforeFile()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file\n");
        var options = new MailEndpointOptions { PasswordFile = file };
        var env = new Dictionary<string, string?>();
        try
        {
            Assert.Equal(("from-file", MailCredentialKind.Password), Get(env));

            env["FW_IMAP_PASSWORD"] = "from-env";
            Assert.Equal(("from-env", MailCredentialKind.Password), Get(env));

            env["FW_IMAP_OAUTH2_TOKEN_FILE"] = file;
            Assert.Equal(("from-file", MailCredentialKind.OAuth2Token), Get(env));
        }
        finally
        {
            File.Delete(file);
        }

        (string, MailCredentialKind) Get(Dictionary<string, string?> e)
        {
            var c = MailCredentials.Resolve("imap", options, n => e.GetValueOrDefault(n))!;
            return (c.Value, c.Kind);
        }
    }

    [Fact]
    public void Resolve_NothingSet_ReturnsNull()
    {
        Assert.Null(MailCredentials.Resolve("smtp", new MailEndpointOptions(), static _ => null));
    }

    [Fact]
    public void Credential_ToString_NeverShowsTheSecret()
    {
        var sut = new MailCredential(MailCredentialKind.Password, "hunter2", "FW_SMTP_PASSWORD");

        Assert.DoesNotContain("hunter2", sut.ToString(), StringComparison.Ordinal);
    }
}
