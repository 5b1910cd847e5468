using Microsoft.DurableTask.Client;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The table sub-orchestrations of a migration. The Functions extension's terminate stops only the instance it names
/// (its gRPC endpoint ignores "recursive"), so cancel stops the running tables itself, and start and resume wait until
/// none runs: a table instance restarted under a running id would never report back to its new parent.
/// </summary>
public static class TableInstances
{
    static readonly List<OrchestrationRuntimeStatus> Active =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public static async Task<IReadOnlyList<string>> ActiveAsync(DurableTaskClient client, string migrationId, CancellationToken ct)
    {
        var ids = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = migrationId, Statuses = Active };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct))
            if (instance.Name == TableWorkflow.Name && BelongsTo(instance.InstanceId, migrationId)) ids.Add(instance.InstanceId);
        return ids;
    }

    /// <summary>Terminates every running table of the migration; one that finished meanwhile is no failure.</summary>
    public static async Task<int> TerminateAsync(DurableTaskClient client, string migrationId, string reason, CancellationToken ct)
    {
        var tables = await ActiveAsync(client, migrationId, ct);
        foreach (var id in tables)
        {
            try
            {
                await client.TerminateInstanceAsync(id, reason, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                if (await client.GetInstanceAsync(id, cancellation: ct) is { } now && MigrationStatusView.IsActive(now)) throw;
            }
        }
        return tables.Count;
    }

    // TableWorkflow.InstanceIdFor: "{migration}:{schema}.{table}", or "{first 80 characters}~{hash}" for long names.
    static bool BelongsTo(string instanceId, string migrationId) =>
        instanceId.Length > migrationId.Length && instanceId.StartsWith(migrationId, StringComparison.Ordinal)
        && instanceId[migrationId.Length] is ':' or '~';
}
