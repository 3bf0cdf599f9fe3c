using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using ForecastWatch.Tests.Support;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// OAuth2 sign-in against the real Postfix + Dovecot of the OAuth2 mail server (Dovecot validates every token by
/// introspection at <see cref="OAuth2TestServer"/>), with MSAL and the Google JWT-bearer client talking to that server.
/// Time moves on a fake clock shared by the worker side and the token server, so expiry is exact.
/// </summary>
[Collection(OAuth2ServerCollection.Name)]
public sealed class OAuth2MailAuthenticatorTests(OAuth2ServerFixture fixture) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("fw-oauth-").FullName;
    private readonly Dictionary<string, string> _env = [];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly MemoryStream _protocol = new();
    private readonly List<string> _secrets = [];
    private readonly List<string> _shown = [];
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private OAuth2TestServer Server => fixture.Server;

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_MicrosoftClientSecret_SendsAndReadsAndRenewsBeforeExpiry()
    {
        var client = RegisterMicrosoft();
        using var services = Build(Microsoft(client));
        var sut = services.GetRequiredService<IMailAuthenticator>();

        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-secret {_id} 1");
        Assert.Equal(1, client.Issued);
        _clock.Advance(TimeSpan.FromSeconds(11));
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-secret {_id} 2");
        _clock.Advance(TimeSpan.FromSeconds(11));
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-secret {_id} 3");

        Assert.Equal(3, client.Issued);
        Assert.Equal(0, client.InactiveIntrospections);
        Assert.True(client.ActiveIntrospections >= 6);
        Assert.Contains("AUTH XOAUTH2", ProtocolText(), StringComparison.Ordinal);
        Assert.Contains("AUTHENTICATE XOAUTH2", ProtocolText(), StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_TokenRevokedMidRun_RenewsOnceAndGoesOn()
    {
        var client = RegisterMicrosoft();
        using var services = Build(Microsoft(client));
        var sut = services.GetRequiredService<IMailAuthenticator>();
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-revoked {_id} 1");

        Server.Revoke(client.LastToken);
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-revoked {_id} 2");

        Assert.Equal(2, client.Issued);
        Assert.Equal(1, client.InactiveIntrospections);
        Assert.Contains("renewing it and retrying once", _logs.Text, StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_SecretRevokedAndTokenRefused_FailsWithProviderErrorNamingTheSecret()
    {
        var client = RegisterMicrosoft();
        using var services = Build(Microsoft(client));
        var sut = services.GetRequiredService<IMailAuthenticator>();
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"ms-refused {_id} 1");
        client.SecretRevoked = true;
        Server.Revoke(client.LastToken);

        using var smtp = await OAuth2MailServer.ConnectSmtpAsync(_protocol);
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.AuthenticateAsync(smtp, MailEndpointKind.Smtp,
            CancellationToken.None));

        _shown.Add(ex.ToString());
        Assert.Contains("AADSTS7000215", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FW_MS_CLIENT_SECRET", ex.Message, StringComparison.Ordinal);
        Assert.True(smtp.IsConnected);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_FreshTokenForAnotherMailbox_FailsWithTheExchangeAdminSteps()
    {
        var client = RegisterMicrosoft();
        using var services = Build(Microsoft(client, mailbox: "nobody@example.test"));
        var sut = services.GetRequiredService<IMailAuthenticator>();

        using var imap = await OAuth2MailServer.ConnectImapAsync(_protocol);
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.AuthenticateAsync(imap, MailEndpointKind.Imap,
            CancellationToken.None));

        _shown.Add(ex.ToString());
        Assert.Contains("Add-MailboxPermission", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Issued);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task CheckTokenAsync_MicrosoftMisconfigured_EachCaseNamesItsFix()
    {
        await AssertCheckFailsAsync(c => Microsoft(c) with { Tenant = "wrong-tenant" }, null, "AADSTS90002",
            "Mail:Auth:Microsoft:TenantId");
        await AssertCheckFailsAsync(c => Microsoft(c) with { ClientId = "not-registered" }, null, "AADSTS700016",
            "Mail:Auth:Microsoft:ClientId");
        await AssertCheckFailsAsync(Microsoft, c => c.SecretRevoked = true, "AADSTS7000215", "FW_MS_CLIENT_SECRET");
        await AssertCheckFailsAsync(Microsoft, c => c.Consented = false, "AADSTS65001", "Grant admin consent");
        await AssertCheckFailsAsync(c => Microsoft(c) with { Scope = "https://graph.microsoft.com/.default" }, null, "AADSTS70011",
            "Mail:Auth:Microsoft:Scope");
    }

    [OAuth2MailServerFact]
    public async Task CheckTokenAsync_Microsoft_ShowsIssuerExpiryAndRolesButNeverTheToken()
    {
        var client = RegisterMicrosoft();
        using var services = Build(Microsoft(client));

        var result = await services.GetRequiredService<MailAuthCheckService>()
            .CheckTokenAsync(MailEndpointKind.Smtp, CancellationToken.None);

        Assert.NotNull(result);
        Assert.Null(result.Failure);
        var facts = string.Join('\n', result.Facts);
        _shown.Add(facts);
        Assert.Contains("issuer https://sts.windows.net/", facts, StringComparison.Ordinal);
        Assert.Contains("IMAP.AccessAsApp SMTP.SendAsApp", facts, StringComparison.Ordinal);
        Assert.Contains("expires 2026-12-01 09:00:20Z", facts, StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_MicrosoftCertificate_SignsInWithPemAndPfx()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=fw-{_id}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddDays(30));
        var pem = Path.Combine(_dir, "app.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
        var pfx = Path.Combine(_dir, "app.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-pass"));

        foreach (var (file, password) in new[] { (pem, (string?)null), (pfx, "pfx-pass") })
        {
            var client = RegisterMicrosoft(secret: null, certificate: X509CertificateLoader.LoadCertificate(certificate.RawData));
            _env.Clear();
            _env["FW_MS_CERTIFICATE_FILE"] = file;
            if (password is not null)
            {
                _env["FW_MS_CERTIFICATE_PASSWORD"] = password;
                _secrets.Add(password);
            }

            using var services = Build(Microsoft(client));
            await OAuth2MailServer.RoundTripAsync(services.GetRequiredService<IMailAuthenticator>(), _protocol,
                $"ms-cert {_id} {Path.GetExtension(file)}");
            Assert.Equal(1, client.Issued);
            AssertNoSecretShown(client);
        }
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_GoogleServiceAccountWithOAuthBearer_SendsAndReadsAndRenews()
    {
        var client = RegisterGoogle();
        using var services = Build(Google(client, OAuth2SaslMechanism.OAuthBearer));
        var sut = services.GetRequiredService<IMailAuthenticator>();

        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"google {_id} 1");
        _clock.Advance(TimeSpan.FromSeconds(11));
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"google {_id} 2");

        Assert.Equal(2, client.Issued);
        Assert.Equal(0, client.InactiveIntrospections);
        Assert.Contains("AUTH OAUTHBEARER", ProtocolText(), StringComparison.Ordinal);
        Assert.Contains("AUTHENTICATE OAUTHBEARER", ProtocolText(), StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task CheckTokenAsync_GoogleMisconfigured_EachCaseNamesItsFix()
    {
        await AssertCheckFailsAsync(c => Google(c, OAuth2SaslMechanism.XOAuth2), c => c.Consented = false, "unauthorized_client",
            "Domain-wide delegation", google: true);
        await AssertCheckFailsAsync(c => Google(c, OAuth2SaslMechanism.XOAuth2) with { Mailbox = "ghost@example.test" }, null,
            "Invalid email or User ID", "Mail:Auth:Google:Mailbox", google: true);
        await AssertCheckFailsAsync(c => Google(c, OAuth2SaslMechanism.XOAuth2), c => c.SecretRevoked = true,
            "Invalid JWT Signature", "FW_GOOGLE_KEY_FILE", google: true);
    }

    [OAuth2MailServerFact]
    public async Task AuthenticateAsync_StaticTokenFile_IsReadAgainWhenItChanges()
    {
        var client = Server.Register("static-" + _id, _clock, TimeSpan.FromHours(1));
        var file = Path.Combine(_dir, "token");
        File.WriteAllText(file, Server.IssueDirect(client, OAuth2MailServer.Desk) + "\n");
        _env["FW_SMTP_OAUTH2_TOKEN_FILE"] = file;
        _env["FW_IMAP_OAUTH2_TOKEN_FILE"] = file;
        using var services = Build(new Dictionary<string, string?>
        {
            ["Mail:Auth:Provider"] = "static",
            ["Mail:Smtp:UserName"] = OAuth2MailServer.Desk,
            ["Mail:Imap:UserName"] = OAuth2MailServer.Desk,
        });
        var sut = services.GetRequiredService<IMailAuthenticator>();
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"static {_id} 1");

        Server.Revoke(client.LastToken);
        File.WriteAllText(file, Server.IssueDirect(client, OAuth2MailServer.Desk) + "\n");
        await OAuth2MailServer.RoundTripAsync(sut, _protocol, $"static {_id} 2");
        Assert.Equal(0, client.InactiveIntrospections);

        Server.Revoke(client.LastToken);
        using var imap = await OAuth2MailServer.ConnectImapAsync(_protocol);
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => sut.AuthenticateAsync(imap, MailEndpointKind.Imap,
            CancellationToken.None));
        _shown.Add(ex.ToString());
        Assert.Contains("FW_IMAP_OAUTH2_TOKEN_FILE", ex.Message, StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    [OAuth2MailServerFact]
    public async Task MailCheck_Microsoft_EachStepShowsItsTokenThenSignsInAndARefusedClientNamesTheFix()
    {
        var client = RegisterMicrosoft();
        var protocolLog = Path.Combine(_dir, "protocol.log");
        var settings = MicrosoftSettings(Microsoft(client));
        foreach (var (key, port, tls) in new[] { ("Smtp", OAuth2MailServer.SubmissionPort, "StartTls"), ("Imap",
            OAuth2MailServer.ImapsPort, "Implicit") })
        {
            settings[$"Mail:{key}:Host"] = OAuth2MailServer.Host;
            settings[$"Mail:{key}:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Mail:{key}:TlsMode"] = tls;
            settings[$"Mail:{key}:TrustedCaFile"] = Path.Combine(OAuth2MailServer.Root, "tls", "cert.pem");
            settings[$"Mail:{key}:ProtocolLog"] = protocolLog;
        }

        using var services = Build(settings, s =>
        {
            s.AddSingleton<MailServerConnector>();
            s.AddSingleton<MailCheckService>();
            s.AddOptions<ForecastWatch.Inbound.InboxOptions>();
        });
        var check = services.GetRequiredService<MailCheckService>();

        var results = new List<MailCheckResult>
        {
            await check.CheckSmtpAsync(CancellationToken.None),
            await check.CheckImapAsync(CancellationToken.None),
        };
        client.SecretRevoked = true;
        Server.Revoke(client.LastToken);
        var refused = await check.CheckSmtpAsync(CancellationToken.None);

        _shown.AddRange(results.Concat([refused]).SelectMany(r => r.Facts.Append(r.Failure ?? "")));
        _shown.Add(File.ReadAllText(protocolLog));
        Assert.All(results, r => Assert.True(r.Ok, r.Failure));
        foreach (var result in results)
        {
            // The token step is part of each step that signs in, shown before its login.
            var token = result.Facts.ToList().FindIndex(f => f.StartsWith(
                "token acquired for desk@example.test: issuer https://sts.windows.net/", StringComparison.Ordinal));
            var login = result.Facts.ToList().IndexOf("login: ok as desk@example.test");
            Assert.True(token >= 0 && login > token, string.Join('\n', result.Facts));
        }

        Assert.Equal(1, client.Issued);
        Assert.StartsWith("auth:", refused.Failure, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", refused.Failure, StringComparison.Ordinal);
        Assert.Contains("AUTHENTICATE XOAUTH2", File.ReadAllText(protocolLog), StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    public void Dispose()
    {
        _protocol.Dispose();
        _logs.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task AssertCheckFailsAsync(
        Func<OAuth2TestServer.Client, Settings> settings, Action<OAuth2TestServer.Client>? breakIt, string providerText, string fix,
            bool google = false)
    {
        var client = google ? RegisterGoogle() : RegisterMicrosoft();
        breakIt?.Invoke(client);
        using var services = Build(settings(client));

        var result = await services.GetRequiredService<MailAuthCheckService>()
            .CheckTokenAsync(MailEndpointKind.Imap, CancellationToken.None);

        Assert.NotNull(result);
        Assert.NotNull(result.Failure);
        _shown.Add(result.Failure!);
        _shown.AddRange(result.Facts);
        Assert.Contains(providerText, result.Failure, StringComparison.Ordinal);
        Assert.Contains(fix, result.Failure, StringComparison.Ordinal);
        AssertNoSecretShown(client);
    }

    private OAuth2TestServer.Client RegisterMicrosoft(string? secret = "", X509Certificate2? certificate = null)
    {
        secret = secret == "" ? "s3cr3t~" + Guid.NewGuid().ToString("N") : secret;
        var client = Server.Add(new OAuth2TestServer.Client(Guid.NewGuid().ToString(), _clock, Lifetime)
        {
            Tenant = "tenant-" + _id,
            Secret = secret,
            Certificate = certificate,
            Mailbox = OAuth2MailServer.Desk,
        });
        if (secret is not null)
        {
            _secrets.Add(secret);
            var file = Path.Combine(_dir, "client-secret");
            File.WriteAllText(file, secret + "\n");
            _env["FW_MS_CLIENT_SECRET_FILE"] = file;
        }

        return client;
    }

    private OAuth2TestServer.Client RegisterGoogle()
    {
        using var rsa = RSA.Create(2048);
        var email = $"fw-{_id}-{Guid.NewGuid():N}@project.iam.gserviceaccount.com";
        var client = new OAuth2TestServer.Client(email, _clock, Lifetime)
        {
            Rsa = RSA.Create(rsa.ExportParameters(false)),
            Mailbox = OAuth2MailServer.Desk
        };
        Server.Add(client);
        var privateKey = rsa.ExportPkcs8PrivateKeyPem();
        _secrets.Add(privateKey.Split('\n')[1]);
        var file = Path.Combine(_dir, "google-key.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = email,
            ["client_id"] = "1234567890",
            ["private_key_id"] = "k1",
            ["private_key"] = privateKey,
            ["token_uri"] = Server.BaseUrl + "/google/token",
        }));
        _env["FW_GOOGLE_KEY_FILE"] = file;
        return client;
    }

    private static Settings Microsoft(OAuth2TestServer.Client client) => Microsoft(client, OAuth2MailServer.Desk);

    private static Settings Microsoft(OAuth2TestServer.Client client, string mailbox) =>
        new("microsoft", client.Tenant!, client.Id, mailbox, OAuth2TestServer.MicrosoftScope, OAuth2SaslMechanism.XOAuth2);

    private static Settings Google(OAuth2TestServer.Client client, OAuth2SaslMechanism sasl) =>
        new("google", null, null, OAuth2MailServer.Desk, OAuth2TestServer.GoogleScope, sasl);

    private ServiceProvider Build(Settings s) => Build(MicrosoftSettings(s));

    private Dictionary<string, string?> MicrosoftSettings(Settings s) => new()
    {
        ["Mail:Auth:Provider"] = s.Provider,
        ["Mail:Auth:Sasl"] = s.Sasl.ToString(),
        ["Mail:Auth:TrustedCaFile"] = OAuth2MailServer.CaFile,
        ["Mail:Auth:Microsoft:TenantId"] = s.Tenant,
        ["Mail:Auth:Microsoft:ClientId"] = s.ClientId,
        ["Mail:Auth:Microsoft:Mailbox"] = s.Mailbox,
        ["Mail:Auth:Microsoft:Instance"] = Server.BaseUrl + "/",
        ["Mail:Auth:Microsoft:ValidateAuthority"] = "false",
        ["Mail:Auth:Google:Mailbox"] = s.Mailbox,
        [s.Provider == "google" ? "Mail:Auth:Google:Scope" : "Mail:Auth:Microsoft:Scope"] = s.Scope,
    };

    private ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        settings.TryAdd("Mail:Auth:TrustedCaFile", OAuth2MailServer.CaFile);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(new MailAuthSecrets(n => _env.GetValueOrDefault(n)));
        services.AddOptions<MailServerOptions>().Bind(configuration.GetSection(MailServerOptions.SectionName));
        services.AddForecastWatchMailAuth(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private string ProtocolText() => Encoding.UTF8.GetString(_protocol.ToArray());

    /// <summary>Neither the secrets nor any token (plain or inside a base64 SASL response) in logs, protocol log or messages.</summary>
    private void AssertNoSecretShown(OAuth2TestServer.Client client)
    {
        var output = string.Join('\n', [_logs.Text, ProtocolText(), .. _shown]);
        foreach (var secret in _secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        List<string> tokens;
        lock (client.Tokens)
        {
            tokens = [.. client.Tokens];
        }

        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);
            Assert.DoesNotContain(token[..40], output, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(
                $"user={OAuth2MailServer.Desk}\u0001auth=Bearer {token}\u0001\u0001")), output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Bearer ey", output, StringComparison.Ordinal);
    }

    private sealed record Settings(string Provider, string? Tenant, string? ClientId, string Mailbox, string Scope,
        OAuth2SaslMechanism Sasl);
}
