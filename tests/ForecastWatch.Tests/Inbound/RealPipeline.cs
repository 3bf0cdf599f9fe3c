using ForecastWatch.Domain.Replies;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The processor with the production adapters: MIME reader, prompts bridge (token key, routing), outbox answers.</summary>
internal static class RealPipeline
{
    public const string TokenSecret = "an-e2e-test-secret-of-some-length";

    public static PromptTokenProvider Tokens(string dataDirectory) => new(
        Options.Create(new MailingOptions { TokenSecret = TokenSecret }),
        Options.Create(new ForecastWatchOptions { DataDirectory = dataDirectory }),
        NullLogger<PromptTokenProvider>.Instance);

    public static InboundProcessor Create(InboundTestDatabase db, TimeProvider time, ReplyAuthenticationSettings? authentication = null)
    {
        var editors = new EditorsOptions { DefaultDesk = "desk@example.test" };
        editors.Editors.Add(new EditorEntry { Name = "Editor", Address = "editor@example.test", Outlets = ["Outlet"] });
        editors.Chiefs.Add(new EditorEntry { Name = "Chief", Address = "chief@example.test", Outlets = ["Outlet"] });
        return new InboundProcessor(
            db.Connections,
            new RawMailStore(Path.Combine(db.DataDirectory, "raw")),
            new MimeInboundMailReader(),
            new PromptsReplyBridge(Tokens(db.DataDirectory), Options.Create(editors)),
            new OutboxReplyAnswerSink(Options.Create(new MailingOptions()), new MailRenderer()),
            new InboundSettings("desk@example.test", "example.test", "X-ForecastWatch-Loop",
                authentication ?? ReplyAuthenticationSettings.Off),
            time);
    }
}
