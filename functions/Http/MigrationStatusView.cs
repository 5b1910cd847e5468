using Microsoft.DurableTask.Client;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions.Http;

/// <summary>What GET /api/migrations/{id} answers: Durable's runtime status and the workflow's progress (custom status).</summary>
public sealed record MigrationStatusView(
    string Id,
    string Workflow,
    string RuntimeStatus,
    string? Phase,
    int TablesDone,
    int TablesTotal,
    long RowsLoaded,
    long EstimatedRows,
    long BytesLoaded,
    long EstimatedBytes,
    int TablesFailed,
    double? RowsPerSecond,
    TimeSpan? EstimatedTimeLeft,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Failure,
    MigrationResult? Result)
{
    /// <summary>With sync on: the lag (changes, bytes, seconds) against the source now, or why it could not be measured.</summary>
    public object? Sync { get; init; }

    /// <summary>The workflow version the migration was started with; null when started before versions were recorded.</summary>
    public string? WorkflowVersion { get; init; }

    /// <summary>When this release cannot run the migration's workflow version: what happens to it and what to do.</summary>
    public string? Upgrade { get; init; }

    public static MigrationStatusView From(OrchestrationMetadata instance)
    {
        var progress = DurableJson.Read<MigrationStatus>(instance.SerializedCustomStatus);
        var elapsed = (instance.LastUpdatedAt - instance.CreatedAt).TotalSeconds;
        double? rate = progress is { RowsLoaded: > 0 } && elapsed > 0 ? progress.RowsLoaded / elapsed : null;
        TimeSpan? left = rate is > 0 && progress!.EstimatedRows > progress.RowsLoaded && instance.IsRunning
            ? TimeSpan.FromSeconds(Math.Round((progress.EstimatedRows - progress.RowsLoaded) / rate.Value))
            : null;
        return new MigrationStatusView(
            instance.InstanceId, instance.Name, instance.RuntimeStatus.ToString(), progress?.Phase,
            progress?.TablesDone ?? 0, progress?.TablesTotal ?? 0, progress?.RowsLoaded ?? 0, progress?.EstimatedRows ?? 0,
            progress?.BytesLoaded ?? 0, progress?.EstimatedBytes ?? 0, progress?.TablesFailed ?? 0,
            rate is null ? null : Math.Round(rate.Value, 1), left, instance.CreatedAt, instance.LastUpdatedAt,
            instance.FailureDetails is { } f ? $"{f.ErrorType}: {f.ErrorMessage}" : null,
            instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? DurableJson.Read<MigrationResult>(instance.SerializedOutput) : null)
        {
            WorkflowVersion = Durable.WorkflowVersion.Of(instance),
            Upgrade = UpgradeAdvice(instance),
        };
    }

    /// <summary>
    /// A migration started by a release of another workflow version, not finished: this release's workers refuse it
    /// (host.json versionMatchStrategy Strict, versionFailureStrategy Fail), so say so and how to go on.
    /// </summary>
    static string? UpgradeAdvice(OrchestrationMetadata instance)
    {
        var started = Durable.WorkflowVersion.Of(instance);
        if (started == Durable.WorkflowVersion.Current
            || instance.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated)
            return null;
        var current = Durable.WorkflowVersion.Current;
        return $"started by workflow version {started ?? "(none: a release before versions were recorded)"}, and this app " +
            $"runs workflow version {current}, which does not replay it" +
            (IsActive(instance) ? ": it fails (VersionMismatch) at its next step. Then " : ". ") +
            $"POST /api/migrations/{instance.InstanceId}/resume runs it again on version {current}, skipping the chunks it " +
            "sealed and loaded; or redeploy the release it was started with to finish it there";
    }

    /// <summary>Running, waiting to run, or paused: a second start of the same id would collide with it.</summary>
    public static bool IsActive(OrchestrationMetadata instance) => instance.RuntimeStatus
        is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
