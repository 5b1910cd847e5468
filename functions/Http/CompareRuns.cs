using Microsoft.DurableTask.Client;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions.Http;

/// <summary>The comparison of a migration as a Durable instance: one at a time per migration, under "{id}:compare".</summary>
public static class CompareRuns
{
    public static async Task<bool> IsActiveAsync(DurableTaskClient client, string migrationId, CancellationToken ct) =>
        await client.GetInstanceAsync(CompareWorkflow.InstanceIdFor(migrationId), cancellation: ct) is { } instance
            && MigrationStatusView.IsActive(instance);

    /// <summary>Starts a comparison of the migration as it is now; returns its instance id.</summary>
    public static async Task<string> StartAsync(DurableTaskClient client, string migrationId, MigrationSpec spec, TimeProvider clock,
        string? tables, bool repair, CancellationToken ct)
    {
        var instanceId = CompareWorkflow.InstanceIdFor(migrationId);
        var input = new CompareInput(migrationId, spec, CompareWorkflow.NewId(clock.GetUtcNow().UtcDateTime), tables, repair);
        await client.ScheduleNewOrchestrationInstanceAsync(CompareWorkflow.Name, input, WorkflowVersion.Start(instanceId), ct);
        return instanceId;
    }
}
