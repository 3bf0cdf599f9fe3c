using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing.Auth;

internal static class MailAuthServiceCollectionExtensions
{
    /// <summary>
    /// <c>Mail:Auth</c>: validated options and, for the OAuth2 providers (microsoft, google, static), the token source
    /// and <see cref="OAuth2MailAuthenticator"/> as the <see cref="IMailAuthenticator"/>. Registered with AddSingleton
    /// so it wins over the password authenticator's TryAdd default in either order. <c>password</c> registers nothing.
    /// </summary>
    public static IServiceCollection AddForecastWatchMailAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailAuthOptions>().Bind(configuration.GetSection(MailAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailAuthOptions>, MailAuthOptionsValidator>();
        services.TryAddSingleton<MailAuthSecrets>();
        services.AddSingleton<MailAuthCheckService>();

        var provider = configuration[MailAuthOptions.SectionName + ":Provider"]?.Trim().ToLowerInvariant() ?? MailAuthProviders.Password;
        switch (provider)
        {
            case MailAuthProviders.Microsoft:
                AddMicrosoft(services);
                break;
            case MailAuthProviders.Google:
                AddGoogle(services);
                break;
            case MailAuthProviders.Static:
                services.AddSingleton<IOAuth2TokenSource, StaticTokenSource>();
                break;
            default:
                // password (the connector's default authenticator) or a bad value the validator reports at start.
                return services;
        }

        // The connector signs in only where a user name is set: for microsoft and google the mailbox is that user.
        services.PostConfigure<MailServerOptions>(servers =>
        {
            var mailbox = provider == MailAuthProviders.Microsoft
                ? configuration[MailAuthOptions.SectionName + ":Microsoft:Mailbox"]
                : provider == MailAuthProviders.Google ? configuration[MailAuthOptions.SectionName + ":Google:Mailbox"] : null;
            foreach (var endpoint in (MailEndpointOptions[])[servers.Smtp, servers.Imap])
            {
                if (string.IsNullOrWhiteSpace(endpoint.UserName))
                {
                    endpoint.UserName = mailbox;
                }
            }
        });
        services.AddSingleton<OAuth2MailAuthenticator>();
        services.AddSingleton<IMailAuthenticator>(static sp => sp.GetRequiredService<OAuth2MailAuthenticator>());
        return services;
    }

    // One method per provider, never inlined: compiling a method loads the assemblies of the types it names, so a
    // worker on passwords (or on the other provider) never loads MSAL or Google's libraries (idle memory).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddMicrosoft(IServiceCollection services) => services.AddSingleton<IOAuth2TokenSource, MicrosoftTokenSource>();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddGoogle(IServiceCollection services) => services.AddSingleton<IOAuth2TokenSource, GoogleTokenSource>();
}
