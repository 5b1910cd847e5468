using System.Text.Json;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Shadow;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Cli;

/// <summary>
/// The commands that look at both live databases after a migration: compare (their rows) and shadow (their answers to key queries).
/// </summary>
static class LiveCommands
{
    public static async Task<int> CompareAsync(CliRuntime runtime, string specPath, string id, string? tables, bool repair,
        string? outDir, CancellationToken ct)
    {
        var spec = Commands.LoadSpec(specPath);
        ChunkPaths.CheckMigrationId(id);
        await Preflight.CheckAsync(runtime.Services, spec, staging: true, ct: ct);
        var store = runtime.Services.Store(spec);
        if (await store.ReadDocumentAsync(id, Documents.Plan, ct) is null)
            throw new SpecException($"--id: migration '{id}' has no plan in {store.Describe(id)}; run migrate first");
        var compareId = CompareWorkflow.NewId(DateTime.UtcNow);
        Console.Error.WriteLine($"migrator: comparing migration {id} as source and target are now " +
            $"({compareId}{(repair ? ", repairing what differs" : "")})");
        var report = await LiveComparison.RunAsync(runtime.Services, new CompareInput(id, spec, compareId, tables, repair), ct);
        var markdown = CompareMarkdown.Render(report);
        if (outDir is null) Console.WriteLine(markdown);
        else
        {
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, "compare.json"),
                JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
            await File.WriteAllTextAsync(Path.Combine(outDir, "compare.md"), markdown, ct);
            Console.WriteLine($"{report.Tables.Count} table(s) compared: {report.Confirmed:N0} row(s) differ, " +
                $"{report.Settled:N0} settled; " +
                $"{Path.Combine(outDir, "compare.md")} and compare.json");
        }
        return report.Passed ? ExitCodes.Success : ExitCodes.ValidationDifferences;
    }

    public static async Task<int> ShadowAsync(CliRuntime runtime, string specPath, string queriesPath, int? runs,
        string? outDir, CancellationToken ct)
    {
        var spec = Commands.LoadSpec(specPath);
        var queries = ShadowQueries.Load(queriesPath);
        if (runs is < 1 or > 100_000) throw new SpecException($"--runs: must be between 1 and 100000 (got {runs})");
        await Preflight.CheckAsync(runtime.Services, spec, ct: ct);
        Console.Error.WriteLine($"migrator: shadow reads of {queries.Queries.Count} key queries, {runs ?? spec.Shadow.Runs} runs per " +
            $"side after {spec.Shadow.WarmupRuns} warm-up");
        var report = await new ShadowRunner(runtime.Services, spec).RunAsync(queries, runs ?? spec.Shadow.Runs,
            q => Console.Error.WriteLine($"migrator:   {q.Name}: {(q.Identical ? "identical" : "DIFFERENT")}, p95 legacy " +
                $"{q.Legacy.Latency.P95:F2} ms, modern {q.Modern.Latency.P95:F2} ms"), ct);
        var markdown = ShadowMarkdown.Render(report);
        if (outDir is null) Console.WriteLine(markdown);
        else
        {
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, "shadow.json"), JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
            await File.WriteAllTextAsync(Path.Combine(outDir, "shadow.md"), markdown, ct);
            await File.WriteAllTextAsync(Path.Combine(outDir, "shadow.html"), ShadowHtml.Render(report), ct);
            Console.WriteLine($"{report.Confidence.Summary}\n{Path.Combine(outDir, "shadow.html")}, shadow.md and shadow.json");
        }
        return report.Passed ? ExitCodes.Success : ExitCodes.ValidationDifferences;
    }
}
