using ForecastWatch.Domain.Replies;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Inbound;

internal static class InboundServiceCollectionExtensions
{
    /// <summary>Inbox options, the raw store, the processor and the inbox service (CLI and worker alike).</summary>
    public static IServiceCollection AddForecastWatchInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<InboxOptions>().Bind(configuration.GetSection(InboxOptions.SectionName));
        services.AddSingleton<IValidateOptions<InboxOptions>, InboxOptionsValidator>();
        AddPromptsPrerequisites(services, configuration);

        services.AddSingleton(static sp =>
        {
            var inbox = sp.GetRequiredService<IOptions<InboxOptions>>().Value;
            return new RawMailStore(
                Path.Combine(sp.GetRequiredService<IOptions<ForecastWatchOptions>>().Value.DataDirectory, inbox.RawDirectory),
                inbox.MaxMessageSize);
        });
        services.AddSingleton<IInboundMailReader, MimeInboundMailReader>();
        services.AddSingleton<IReplyPrompts, PromptsReplyBridge>();
        services.AddSingleton<IReplyAnswerSink, OutboxReplyAnswerSink>();
        services.AddSingleton(static sp =>
        {
            var mailing = sp.GetRequiredService<IOptions<MailingOptions>>().Value;
            var inbox = sp.GetRequiredService<IOptions<InboxOptions>>().Value;
            return new InboundSettings(
                MailAddressText.Extract(mailing.DeskAddress) ?? mailing.DeskAddress,
                mailing.MessageIdDomain,
                mailing.LoopHeader,
                string.IsNullOrWhiteSpace(inbox.AuthServId)
                    ? ReplyAuthenticationSettings.Off with { Alignment = DkimAlignments.Parse(inbox.DkimAlignment) }
                    : new ReplyAuthenticationSettings(inbox.AuthServId.Trim(), inbox.RequireAuthentication,
                        DkimAlignments.Parse(inbox.DkimAlignment)))
            {
                Mode = SenderAuthentications.Parse(inbox.Authentication),
                ReturnPaths = sp.GetRequiredService<PromptTokenProvider>().Token.ReturnPaths(),
            };
        });
        services.AddSingleton(static sp =>
        {
            var inbox = sp.GetRequiredService<IOptions<InboxOptions>>().Value;
            var servers = inbox.DnsServers.Select(static s => SenderAuthentications.TryParseServer(s, out var e) ? e : null)
                .OfType<System.Net.IPEndPoint>().ToList();
            var time = sp.GetRequiredService<TimeProvider>();
            return new DkimSenderVerifier(() => new DkimKeyLocator(servers, inbox.DnsTimeout, time), inbox.TrustedArcSealers);
        });
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<LegacyRawImport>();
        services.AddSingleton<IInboundSourceFactory, InboundSourceFactory>();
        services.AddSingleton<InboxService>();
        return services;
    }

    // The prompts module registers these in its own extension; until that is in place (or when a host is built
    // without it) replies still need the settings, the token key and the renderer.
    private static void AddPromptsPrerequisites(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(static d => d.ServiceType == typeof(PromptTokenProvider)))
        {
            return;
        }

        services.AddOptionsWithValidateOnStart<MailingOptions>().Bind(configuration.GetSection(MailingOptions.SectionName));
        services.AddOptionsWithValidateOnStart<EditorsOptions>().Bind(configuration.GetSection(EditorsOptions.SectionName));
        services.TryAddSingleton<IMailRenderer, MailRenderer>();
        services.TryAddSingleton<PromptTokenProvider>();
        services.TryAddSingleton(typeof(ILogger<>), typeof(Logger<>));
    }
}
