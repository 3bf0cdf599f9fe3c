using System.Diagnostics;
using System.Text;
using ForecastWatch.Mail.Tests.Fuzzing;

namespace ForecastWatch.Benchmarks.Imap;

/// <summary>
/// The long run of the IMAP response parser fuzzer (the test suite runs a short one): mutated server responses must
/// parse or fail with MailProtocolException/IOException; no other exception, no hang, bounded memory.
/// </summary>
internal sealed class ImapFuzzBenchTool : IBenchTool
{
    private static readonly string[] Seeds =
    [
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ IDLE AUTH=PLAIN] Dovecot ready.\r\nA0001 OK [CAPABILITY IMAP4rev1 MOVE UIDPLUS] Logged in\r\n",
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags permitted.\r\n* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1795400000] UIDs valid\r\n* OK [UIDNEXT 8] next\r\nA0002 OK [READ-WRITE] Select completed.\r\n",
        "* 1 FETCH (UID 5 FLAGS (\\Seen) RFC822.SIZE 24 INTERNALDATE \" 7-Jul-2026 02:44:25 -0700\" ENVELOPE (\"Tue, 7 Jul 2026\" \"=?utf-8?q?hi?=\" ((\"Desk\" NIL \"desk\" \"example.test\")) NIL NIL ((NIL NIL \"editor\" \"example.test\")) NIL NIL NIL \"<a@b>\") BODY[] {24}\r\nSubject: x\r\n\r\nbody ) \"\r\n)\r\n* 4 EXISTS\r\nA0004 OK Fetch completed.\r\n",
        "* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST () NIL {11}\r\nwith \"quote\r\n* LIST (\\HasNoChildren) \".\" \"back\\\\slash \\\"q\\\"\"\r\nA0001 OK List completed\r\n",
        "+ idling\r\n* OK Still here\r\n* 2 EXISTS\r\n* 1 EXPUNGE\r\n* SEARCH 1 2 3\r\n* ESEARCH (TAG \"A1\") UID ALL 1:3\r\nA0004 OK [COPYUID 9 1:3 7:9] done\r\n* BYE bye\r\n",
    ];

    public string Name => "imap-fuzz";

    public string Description => "mutation fuzzer over the IMAP response parser [--iterations N] [--seed S]";

    public async Task<int> RunAsync(string[] args)
    {
        var iterations = ImapFetchBenchTool.IntArg(args, "--iterations", 200_000);
        var random = new Random(ImapFetchBenchTool.IntArg(args, "--seed", 20261123));
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var watch = Stopwatch.StartNew();
        long peak = 0;
        var failures = 0;
        for (var i = 0; i < iterations; i++)
        {
            var input = ImapFuzzHarness.Mutate(random, seeds[random.Next(seeds.Length)]);
            var chunk = random.Next(3) switch { 0 => 1, 1 => 7, _ => 4096 };
            var run = Task.Run(() => ImapFuzzHarness.RunOneAsync(input, chunk));
            if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System)) != run)
            {
                Console.Error.WriteLine($"HANG on input (base64) {Convert.ToBase64String(input)}");
                return 1;
            }

            if (await run is { } failure)
            {
                failures++;
                Console.Error.WriteLine($"{failure} on input (base64) {Convert.ToBase64String(input)}");
            }

            if (i % 1000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }
        }

        Console.WriteLine($"imap-fuzz: {iterations} inputs in {watch.Elapsed.TotalSeconds:0.0} s ({iterations / watch.Elapsed.TotalSeconds:0} inputs/s), {failures} failures, peak managed heap {peak / 1048576.0:0.0} MB");
        return failures == 0 ? 0 : 1;
    }
}
