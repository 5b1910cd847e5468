using System.Globalization;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Sync;

namespace Orchestrator.Cli;

/// <summary>The bodies of sync, status and cutover; Program.cs declares their options.</summary>
static class SyncCommands
{
    public static async Task<int> SyncAsync(CliRuntime runtime, string specPath, string id, bool reverse, CancellationToken ct)
    {
        var spec = SpecLoader.LoadFile(specPath, SourceDialects.Traits);
        ChunkPaths.CheckMigrationId(id);
        await Preflight.CheckAsync(runtime.Services, spec, staging: true, ct: ct);
        var store = runtime.Services.Store(spec);
        if (await store.ReadDocumentAsync(id, Documents.Catalog, ct) is null)
            throw new SpecException($"--id: migration '{id}' has no catalog in {store.Describe(id)}; run migrate first");
        KnownMigrations.Remember(id, specPath);
        var direction = reverse ? SyncDirections.Reverse : SyncDirections.Forward;
        Console.Error.WriteLine($"migrator: sync {direction} of {id}; `migrator status --id {id}` shows the lag" +
            (reverse ? "" : $", `migrator cutover --spec {specPath} --id {id}` ends it"));
        var host = new EmbeddedWorkflowHost(runtime.Activities, spec.Chunking.MaxParallel);
        var result = await host.RunAsync<SyncResult>(SyncWorkflow.Name, SyncWorkflow.InstanceIdFor(id, direction),
            new SyncInput(id, spec, direction), ct);
        Console.Error.WriteLine($"migrator: migration {id} is cut over; the sync has ended");
        return result.CutOver ? ExitCodes.Success : ExitCodes.RuntimeFailure;
    }

    public static async Task<int> StatusAsync(CliRuntime runtime, string? specPath, string id, bool reverse, CancellationToken ct)
    {
        ChunkPaths.CheckMigrationId(id);
        specPath ??= KnownMigrations.SpecOf(id)
            ?? throw new SpecException($"--spec: migration '{id}' has not run on this machine as this user; name its spec with --spec");
        var spec = SpecLoader.LoadFile(specPath, SourceDialects.Traits);
        if (!spec.Sync.Enabled && !reverse)
            throw new SpecException($"sync.enabled: migration '{id}' does not sync (its spec {specPath} leaves sync.enabled " +
                "false); status shows a sync's lag");
        var lag = await SyncLag.MeasureAsync(runtime.Services, id, spec, reverse ? SyncDirections.Reverse : SyncDirections.Forward, ct);
        Console.WriteLine(lag);
        return ExitCodes.Success;
    }

    public static async Task<int> CutoverAsync(CliRuntime runtime, string specPath, string id, CutoverRequest request, CancellationToken ct)
    {
        var spec = SpecLoader.LoadFile(specPath, SourceDialects.Traits);
        ChunkPaths.CheckMigrationId(id);
        if (request.Problems(CutoverOption) is { Count: > 0 } problems) throw new SpecException(problems);
        var timeoutSeconds = request.TimeoutSeconds;
        if (!spec.Sync.Enabled) throw new SpecException($"sync.enabled: cutover ends a sync, and {specPath} leaves sync.enabled false");
        await Preflight.CheckAsync(runtime.Services, spec, staging: true, ct: ct);
        var store = runtime.Services.Store(spec);
        if (await store.ReadDocumentAsync(id, Documents.Catalog, ct) is null)
            throw new SpecException($"--id: migration '{id}' has no catalog in {store.Describe(id)}; run migrate first");
        if (await SyncLedger.CutoverStateAsync(runtime.Services.TargetDataSource(spec), id, ct) == CutoverStates.Ready
            && await store.ReadDocumentAsync(id, Core.Sync.Activities.WriteCutoverReportActivity.Markdown, ct) is { } done)
        {
            Console.WriteLine(done);
            return ExitCodes.Success;
        }
        Console.Error.WriteLine(request.Prepare
            ? $"migrator: cutover --prepare of {id}: comparing the keys the sync changed so far, while writes go on"
            : $"migrator: cutover of {id}: " +
              $"{(request.ReadOnly ? "making the source read-only" : "the application's writes are stopped")}; " +
              $"waiting up to {timeoutSeconds} s for the sync to catch up, then compare " +
              (request.FullCompare ? "every row" : "the keys it changed"));
        var host = new EmbeddedWorkflowHost(runtime.Activities, spec.Chunking.MaxParallel);
        var input = new CutoverInput(id, spec, request.ReadOnly, timeoutSeconds, request.FullCompare, request.Prepare);
        var result = await host.RunAsync<CutoverResult>(CutoverWorkflow.Name, CutoverWorkflow.InstanceIdFor(id), input, ct);
        if (result.Prepared is { } kept)
        {
            Console.WriteLine($"Cutover of {id} prepared: {kept.Prechecks.Count} table(s) pre-checked at {kept.AtUtc:u}, " +
                "keys compared by round: " +
                $"{string.Join(", ", kept.RoundKeys.Select(k => k.ToString("N0", CultureInfo.InvariantCulture)))}.");
            Console.WriteLine($"Stop the application's writes, then run `migrator cutover --spec {specPath} --id {id}`: " +
                "it compares only the keys changed after this pre-check.");
            return ExitCodes.Success;
        }
        Console.WriteLine(await store.ReadDocumentAsync(id, Core.Sync.Activities.WriteCutoverReportActivity.Markdown, ct));
        Console.WriteLine($"Report: {result.ReportLocation}");
        return result.Ready ? ExitCodes.Success : ExitCodes.ValidationDifferences;
    }

    /// <summary>The cutover command's option for each field of the request.</summary>
    internal static string CutoverOption(string field) => field switch
    {
        nameof(CutoverRequest.ReadOnly) => "--read-only",
        nameof(CutoverRequest.TimeoutSeconds) => "--timeout",
        nameof(CutoverRequest.FullCompare) => "--full-compare",
        nameof(CutoverRequest.Prepare) => "--prepare",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a field of a cutover request"),
    };
}
