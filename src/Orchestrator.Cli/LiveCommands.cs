using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Cli;

/// <summary>The commands that look at both live databases after a migration: compare and shadow.</summary>
static class LiveCommands
{
    public static async Task<int> CompareAsync(CliRuntime runtime, string specPath, string id, string? tables, bool repair, string? outDir, CancellationToken ct)
    {
        var spec = Commands.LoadSpec(specPath);
        ChunkPaths.CheckMigrationId(id);
        await Preflight.CheckAsync(runtime.Services, spec, ct, staging: true);
        var store = runtime.Services.Store(spec);
        if (await store.ReadDocumentAsync(id, Documents.Plan, ct) is null)
            throw new SpecException($"--id: migration '{id}' has no plan in {store.Describe(id)}; run migrate first");
        var compareId = LiveComparison.NewId(DateTime.UtcNow);
        Console.Error.WriteLine($"migrator: comparing migration {id} as source and target are now ({compareId}{(repair ? ", repairing what differs" : "")})");
        var report = await LiveComparison.RunAsync(runtime.Services, new CompareInput(id, spec, compareId, tables, repair), ct);
        var markdown = CompareMarkdown.Render(report);
        if (outDir is null) Console.WriteLine(markdown);
        else
        {
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, "compare.json"), JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
            await File.WriteAllTextAsync(Path.Combine(outDir, "compare.md"), markdown, ct);
            Console.WriteLine($"{report.Tables.Count} table(s) compared: {report.Confirmed:N0} row(s) differ, {report.Settled:N0} settled; " +
                $"{Path.Combine(outDir, "compare.md")} and compare.json");
        }
        return report.Passed ? ExitCodes.Migrated : ExitCodes.ValidationDifferences;
    }
}
