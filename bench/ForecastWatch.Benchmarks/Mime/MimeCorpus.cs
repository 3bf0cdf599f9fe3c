namespace ForecastWatch.Benchmarks.Mime;

internal static class MimeCorpus
{
    public const string DefaultDirectory = "bench/corpus/eml";

    public static List<byte[]>? Load(string directory)
    {
        if (!Directory.Exists(directory) || Directory.GetFiles(directory, "*.eml").Length == 0)
        {
            Console.Error.WriteLine($"No corpus in '{directory}'. Generate it from the repository root with:");
            Console.Error.WriteLine("    python3 /work/shared/bench/gen_corpus.py --out bench/corpus/eml --count 1000 --seed 20261101");
            return null;
        }

        return [.. Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
    }

    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
