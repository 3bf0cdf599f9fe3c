using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing.Auth;

public sealed class MailAuthOptionsValidatorTests
{
    [Fact]
    public void Validate_MicrosoftWithoutSettings_NamesEveryMissingKey()
    {
        var errors = Errors(new() { ["Mail:Auth:Provider"] = "microsoft" });

        Assert.Contains(errors, e => e.Contains("Mail:Auth:Microsoft:TenantId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mail:Auth:Microsoft:ClientId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mail:Auth:Microsoft:Mailbox", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("FW_MS_CLIENT_SECRET_FILE", StringComparison.Ordinal) && e.Contains(
            "FW_MS_CERTIFICATE_FILE", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MicrosoftSecretAndCertificateBoth_Refused()
    {
        var env = new Dictionary<string, string>
        {
            ["FW_MS_CLIENT_SECRET"] = "x-secret-value",
            ["FW_MS_CERTIFICATE_FILE"] = "/nonexistent/app.pem"
        };

        var errors = Errors(Microsoft(), env);

        Assert.Contains(errors, e => e.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'/nonexistent/app.pem' does not exist", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("x-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MicrosoftComplete_Passes()
    {
        Assert.Empty(Errors(Microsoft(), new() { ["FW_MS_CLIENT_SECRET"] = "x-secret-value" }));
    }

    [Fact]
    public void Validate_GoogleWithoutKeyFile_NamesTheVariableAndTheMailbox()
    {
        var errors = Errors(new() { ["Mail:Auth:Provider"] = "google", ["Mail:Auth:Google:Mailbox"] = "not-an-address" });

        Assert.Contains(errors, e => e.Contains("FW_GOOGLE_KEY_FILE", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mail:Auth:Google:Mailbox 'not-an-address'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StaticWithoutTokens_NamesBothVariables()
    {
        var errors = Errors(new() { ["Mail:Auth:Provider"] = "static" });

        Assert.Contains(errors, e => e.Contains("FW_SMTP_OAUTH2_TOKEN_FILE", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("FW_IMAP_OAUTH2_TOKEN_FILE", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StaticWithOnlySmtpInUse_AsksOnlyForTheSmtpToken()
    {
        var errors = Errors(new() { ["Mail:Auth:Provider"] = "static", ["Mail:Smtp:Host"] = "smtp.gmail.com" });
        var ok = Errors(new() { ["Mail:Auth:Provider"] = "static", ["Mail:Smtp:Host"] = "smtp.gmail.com" },
            new() { ["FW_SMTP_OAUTH2_TOKEN"] = "a-token-value" });

        Assert.Contains(errors, e => e.Contains("FW_SMTP_OAUTH2_TOKEN_FILE", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("FW_IMAP_OAUTH2_TOKEN", StringComparison.Ordinal));
        Assert.Empty(ok);
    }

    [Fact]
    public void Validate_UnknownProviderOrMechanism_NamesTheKey()
    {
        var errors = Errors(new() { ["Mail:Auth:Provider"] = "yahoo", ["Mail:Auth:RenewBefore"] = "02:00:00" });

        Assert.Contains(errors, e => e.Contains("Mail:Auth:Provider 'yahoo'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Mail:Auth:RenewBefore", StringComparison.Ordinal));
    }

    [Fact]
    public void AddForecastWatchMailAuth_OAuth2Provider_WinsOverATryAddDefaultInEitherOrder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Microsoft()).Build();
        foreach (var defaultFirst in new[] { true, false })
        {
            var services = new ServiceCollection();
            services.AddSingleton(TimeProvider.System);
            services.AddLogging();
            services.AddSingleton(new MailAuthSecrets(n => n == "FW_MS_CLIENT_SECRET" ? "x-secret-value" : null));
            if (defaultFirst)
            {
                services.TryAddSingletonDefault();
            }

            services.AddForecastWatchMailAuth(configuration);
            if (!defaultFirst)
            {
                services.TryAddSingletonDefault();
            }

            using var provider = services.BuildServiceProvider();
            Assert.IsType<OAuth2MailAuthenticator>(provider.GetRequiredService<IMailAuthenticator>());
        }
    }

    [Fact]
    public void Redact_KnownSecrets_AreReplaced()
    {
        var sut = new MailAuthSecrets(_ => null);
        sut.Remember("tok-123456");

        Assert.Equal("server said *** is bad", sut.Redact("server said tok-123456 is bad"));
    }

    [Fact]
    public void IsDueForRenewal_ShortToken_RenewsAtHalfItsLifetime()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var sut = new OAuth2AccessToken("value", "desk@example.test", "issuer", t0.AddSeconds(20), [], t0);

        Assert.False(sut.IsDueForRenewal(t0.AddSeconds(9), TimeSpan.FromMinutes(5)));
        Assert.True(sut.IsDueForRenewal(t0.AddSeconds(10), TimeSpan.FromMinutes(5)));
        Assert.DoesNotContain("value", sut.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Microsoft() => new()
    {
        ["Mail:Auth:Provider"] = "microsoft",
        ["Mail:Auth:Microsoft:TenantId"] = "contoso.onmicrosoft.com",
        ["Mail:Auth:Microsoft:ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Mail:Auth:Microsoft:Mailbox"] = "desk@contoso.com",
    };

    private static List<string> Errors(Dictionary<string, string?> settings, Dictionary<string, string>? environment = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(new MailAuthSecrets(n => environment?.GetValueOrDefault(n)));
        services.AddOptions<MailServerOptions>().Bind(configuration.GetSection(MailServerOptions.SectionName));
        services.AddForecastWatchMailAuth(configuration);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<MailAuthOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }
}

internal static class DefaultAuthenticatorRegistration
{
    /// <summary>What the password authenticator's registration does: a default that any AddSingleton overrides.</summary>
    public static void TryAddSingletonDefault(this IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions
            .TryAddSingleton<IMailAuthenticator, NoAuthenticator>(services);

    private sealed class NoAuthenticator : IMailAuthenticator
    {
        public Task AuthenticateAsync(MailKit.IMailService client, MailEndpointKind endpoint, CancellationToken ct) => Task.CompletedTask;
    }
}
