using BenchmarkDotNet.Running;
using ForecastWatch.Benchmarks;

// Plain-harness tools (IBenchTool) by name; "list" shows them; anything else goes to BenchmarkDotNet.
if (args is ["list"])
{
    foreach (var t in BenchTools.List)
    {
        Console.WriteLine($"{t.Name,-24} {t.Description}");
    }

    return 0;
}

if (args.Length > 0 && BenchTools.TryGet(args[0], out var tool))
{
    return await tool.RunAsync(args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchTools).Assembly).Run(args);
return 0;
