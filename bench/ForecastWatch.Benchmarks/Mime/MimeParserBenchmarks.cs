using BenchmarkDotNet.Attributes;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Benchmarks.Mime;

/// <summary>BenchmarkDotNet view of the corpus run (mime-throughput is the quick harness): one operation = the whole corpus.</summary>
[MemoryDiagnoser]
public class MimeParserBenchmarks
{
    private List<byte[]> _corpus = [];

    [GlobalSetup]
    public void Setup() =>
        _corpus = MimeCorpus.Load(Environment.GetEnvironmentVariable("FW_MIME_CORPUS") ?? MimeCorpus.DefaultDirectory)
            ?? throw new InvalidOperationException("Generate the corpus first (see mime-throughput).");

    [Benchmark]
    public async Task<int> ParseOnly()
    {
        var n = 0;
        foreach (var bytes in _corpus)
        {
            using var m = await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false)).ConfigureAwait(false);
            n += m.Headers.Count;
        }

        return n;
    }

    [Benchmark]
    public async Task<long> ParseAndExtract()
    {
        long n = 0;
        foreach (var bytes in _corpus)
        {
            using var m = await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false)).ConfigureAwait(false);
            n += MimeThroughputTool.Extract(m);
        }

        return n;
    }
}
