using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Assessment.Html;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Cli;

/// <summary>The bodies of the migrator commands; Program.cs only declares their options.</summary>
static class Commands
{
    /// <summary>Every command reads its spec first, before any connection opens: the socket switch must precede them.</summary>
    internal static MigrationSpec LoadSpec(string specPath) => SocketCompletions.For(SpecLoader.LoadFile(specPath, SourceDialects.Traits));

    public static async Task<int> MigrateAsync(CliRuntime runtime, string specPath, string? id, CancellationToken ct)
    {
        var spec = LoadSpec(specPath);
        var migrationId = id ?? $"mig-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        ChunkPaths.CheckMigrationId(migrationId);
        await Preflight.CheckAsync(runtime.Services, spec, staging: true, ct: ct);
        Console.Error.WriteLine($"migrator: migration {migrationId} ({spec.Source.Dialect} -> postgres, staging " +
            $"{runtime.Services.Store(spec).Describe(migrationId)})");
        if (id is null) Console.Error.WriteLine($"migrator: to resume after an interruption, run again with --id {migrationId}");
        KnownMigrations.Remember(migrationId, specPath);

        var host = new EmbeddedWorkflowHost(runtime.Activities, spec.Chunking.MaxParallel);
        MigrationResult result;
        await using (var progress = new ProgressRenderer(runtime.Progress))
        {
            progress.Start();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (spec.Sync.Enabled) _ = AnnounceSyncAsync(runtime, spec, host, migrationId, stop.Token);
            try
            {
                result = await host.RunAsync<MigrationResult>(MigrationWorkflow.Name, migrationId,
                    new MigrationInput(migrationId, spec), ct);
            }
            catch (Exception e) when (e is not SpecException and not OperationCanceledException and not Core.Sync.SyncRefusedException
                                          and not Core.Sync.SchemaChangedException and not Core.Staging.StagedVersionException)
            {
                throw new MigrationFailedException($"{DatabaseErrors.Describe(e)}\nThe migration can be resumed: run the same " +
                    $"command with --id {migrationId}", e);
            }
        }
        // Under sync the report was printed when the full load ended; the run ends here at cutover.
        return await PrintReportAsync(runtime, spec, migrationId, ct, print: !spec.Sync.Enabled)
            ?? (result.Passed ? ExitCodes.Success : ExitCodes.ValidationDifferences);
    }

    /// <summary>Once the full load is in, prints its report and that changes now apply until cutover.</summary>
    static async Task AnnounceSyncAsync(CliRuntime runtime, MigrationSpec spec, EmbeddedWorkflowHost host, string id, CancellationToken ct)
    {
        try
        {
            while (host.CustomStatus.GetValueOrDefault(id) is not MigrationStatus { Phase: "sync" }) await Task.Delay(200, ct);
            await PrintReportAsync(runtime, spec, id, ct);
            Console.Error.WriteLine("migrator: full load done; applying the source's changes until cutover. `migrator " +
                $"status --id {id}` shows the lag, " +
                $"`migrator cutover --spec FILE --id {id}` cuts over");
        }
        catch (OperationCanceledException) { }
    }

    public static async Task<int> ValidateAsync(CliRuntime runtime, string specPath, string id, CancellationToken ct)
    {
        var spec = LoadSpec(specPath);
        ChunkPaths.CheckMigrationId(id);
        await Preflight.CheckAsync(runtime.Services, spec, staging: true, ct: ct);
        var store = runtime.Services.Store(spec);
        if (await store.ReadDocumentAsync(id, Documents.Plan, ct) is null)
            throw new SpecException($"--id: migration '{id}' has no plan in {store.Describe(id)}; run migrate first");
        var host = new EmbeddedWorkflowHost(runtime.Activities, spec.Chunking.MaxParallel);
        var result = await host.RunAsync<MigrationResult>(ValidationWorkflow.Name, id, new MigrationInput(id, spec), ct);
        return await PrintReportAsync(runtime, spec, id, ct) ?? (result.Passed ? ExitCodes.Success : ExitCodes.ValidationDifferences);
    }

    public static async Task<int> ReportAsync(CliRuntime runtime, string specPath, string id, bool json, CancellationToken ct)
    {
        var spec = LoadSpec(specPath);
        ChunkPaths.CheckMigrationId(id);
        var store = runtime.Services.Store(spec);
        var report = await store.ReadDocumentAsync(id, Documents.ReportJson, ct)
            ?? throw new SpecException($"--id: no report for migration '{id}' in {store.Describe(id)}");
        if (json) Console.WriteLine(report);
        return await PrintReportAsync(runtime, spec, id, ct, print: !json) ?? ExitCodes.RuntimeFailure;
    }

    public static async Task<int> PlanAsync(CliRuntime runtime, string specPath, string? ddlPath, CancellationToken ct)
    {
        var spec = LoadSpec(specPath);
        await Preflight.CheckAsync(runtime.Services, spec, ct: ct);
        var source = runtime.Services.Source(spec);
        var catalog = await SourceDiscovery.DiscoverAsync(source, spec, ct);
        var plan = await MigrationPlanner.BuildAsync("plan", spec, source, catalog, ct);
        Console.WriteLine($"{catalog.Tables.Count} tables selected ({plan.Tables.Count} holding rows), source at {plan.SourcePosition}");
        foreach (var table in plan.Tables)
        {
            Console.WriteLine($"  {table.Source}: ~{table.EstimatedRows:N0} rows, {table.Chunks.Count} chunk(s) by {table.Strategy}" +
                (table.ReadInOnePass ? ", read in one pass (the key does not follow the rows' order)" : ""));
            foreach (var chunk in table.Chunks) Console.WriteLine($"    {chunk.ChunkId}: {chunk.Range}");
        }
        if (catalog.Findings.Count > 0)
        {
            Console.WriteLine($"\n{catalog.Findings.Count} schema conversion finding(s):");
            foreach (var finding in catalog.Findings) Console.WriteLine($"  {finding}");
        }
        if (Core.Sync.SyncTables.Keyless(catalog, spec.Tables) is { Count: > 0 } keyless)
            Console.WriteLine($"\n{keyless.Count} table(s) without a primary key: they load, but cannot be synced (changes apply by key)" +
                $"{(spec.Sync.Enabled ? "; sync refuses them until they are excluded" : "")}:\n  "
                    + string.Join("\n  ", keyless.Select(t => t.SourceTableName)));
        if (plan.UnavailableProbes.Count > 0)
        {
            Console.WriteLine($"\n{plan.UnavailableProbes.Count} source probe(s) not available, fallback taken:");
            foreach (var probe in plan.UnavailableProbes) Console.WriteLine($"  {probe}");
        }
        var ddl = runtime.Services.TargetDdl(spec).Script(catalog);
        if (ddlPath is null) Console.WriteLine("\n" + ddl);
        else
        {
            await File.WriteAllTextAsync(ddlPath, ddl, ct);
            Console.WriteLine($"target DDL written to {ddlPath}");
        }
        return ExitCodes.Success;
    }

    public static async Task<int> AssessAsync(CliRuntime runtime, string specPath, string? outDir, bool scan, CancellationToken ct)
    {
        var spec = LoadSpec(specPath);
        await Preflight.CheckAsync(runtime.Services, spec, sourceOnly: true, ct: ct);
        var assessment = await AssessmentBuilder.BuildAsync(runtime.Services.Source(spec), runtime.Services.Inventory(spec),
            runtime.Services.TargetDdl(spec), spec, new AssessmentOptions { Scan = scan }, ct);
        var markdown = AssessmentMarkdown.Render(assessment);
        if (outDir is null)
        {
            Console.WriteLine(markdown);
            return ExitCodes.Success;
        }
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "assessment.json"),
            JsonSerializer.Serialize(assessment, SpecLoader.JsonOptions), ct);
        await File.WriteAllTextAsync(Path.Combine(outDir, "assessment.md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(outDir, "assessment.html"), AssessmentHtml.Render(assessment), ct);
        Console.WriteLine($"{assessment.Tables.Count} tables, ~{assessment.Rows:N0} rows, {assessment.Objects.Count} objects, " +
            $"{assessment.Suggestions.Count} AI/ML suggestions: " +
            $"{Path.Combine(outDir, "assessment.html")}, assessment.md and assessment.json");
        return ExitCodes.Success;
    }

    /// <summary>Prints report.md; returns the exit code it implies, or null when there is no report.</summary>
    static async Task<int?> PrintReportAsync(CliRuntime runtime, MigrationSpec spec, string id, CancellationToken ct, bool print = true)
    {
        var store = runtime.Services.Store(spec);
        var json = await store.ReadDocumentAsync(id, Documents.ReportJson, ct);
        if (json is null) return null;
        var report = JsonSerializer.Deserialize<MigrationReport>(json, SpecLoader.JsonOptions)!;
        if (print)
        {
            Console.WriteLine(ReportMarkdown.Render(report));
            Console.WriteLine($"Report: {store.Describe(id)}/{Documents.ReportMarkdown} (and {Documents.ReportJson})");
        }
        return report.Passed ? ExitCodes.Success : ExitCodes.ValidationDifferences;
    }
}

/// <summary>The run failed part-way; what is sealed and loaded stays, and the same id resumes.</summary>
sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);
