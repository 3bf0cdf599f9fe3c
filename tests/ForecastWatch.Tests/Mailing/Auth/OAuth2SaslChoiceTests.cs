using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// Which SASL mechanism carries the token (issue 13, Build 3): XOAUTH2 by default; OAUTHBEARER only when
/// <c>Mail:Auth:Sasl</c> asks for it and the server offers it, else XOAUTH2. Against an in-process SMTP server
/// whose EHLO advertises the mechanisms under test (no mail server needed).
/// </summary>
public sealed class OAuth2SaslChoiceTests
{
    private const string Token = "static-token-for-sasl-choice-0123456789";

    [Theory]
    [InlineData("XOAuth2", "XOAUTH2 OAUTHBEARER", "XOAUTH2")]
    [InlineData("OAuthBearer", "XOAUTH2 OAUTHBEARER", "OAUTHBEARER")]
    [InlineData("OAuthBearer", "XOAUTH2", "XOAUTH2")]
    public async Task AuthenticateAsync_SaslSettingAndServerOffer_ChooseTheMechanism(string setting, string offered, string used)
    {
        await using var server = new SmtpTestServer
        {
            Override = c => c.Line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase)
                ? $"250-test.local\n250 AUTH {offered}"
                : c.Line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase) ? "235 2.7.0 Authentication successful" : null,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mail:Auth:Provider"] = "static",
            ["Mail:Auth:Sasl"] = setting,
            ["Mail:Smtp:UserName"] = "desk@example.test",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(new MailAuthSecrets(n => n is "FW_SMTP_OAUTH2_TOKEN" or "FW_IMAP_OAUTH2_TOKEN" ? Token : null));
        services.AddOptions<MailServerOptions>().Bind(configuration.GetSection(MailServerOptions.SectionName));
        services.AddForecastWatchMailAuth(configuration);
        await using var provider = services.BuildServiceProvider();
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None);

        await provider.GetRequiredService<IMailAuthenticator>().AuthenticateAsync(client, MailEndpointKind.Smtp, CancellationToken.None);

        Assert.True(client.IsAuthenticated);
        var auth = Assert.Single(server.Commands, c => c.Contains(" AUTH ", StringComparison.Ordinal));
        Assert.Equal(used, auth.Split(' ')[2]);
        Assert.DoesNotContain(Token, auth, StringComparison.Ordinal);
        await client.DisconnectAsync(quit: true);
    }
}
