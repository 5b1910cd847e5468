using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Functions.Durable;

/// <summary>
/// The version of the workflows this release runs, stamped on every orchestration it starts. host.json carries the same
/// value as <c>defaultVersion</c> with <c>versionMatchStrategy: Strict</c> and <c>versionFailureStrategy: Fail</c>, so
/// an orchestration started with another version fails (VersionMismatch) instead of replaying its history on this code.
/// Bump it (here and in host.json) whenever a change to Core's workflows would replay a running migration differently;
/// see docs/cloud.md, "Upgrading with migrations in flight".
/// </summary>
public static class WorkflowVersion
{
    public const string Current = "1";

    /// <summary>The tag that records the version in the instance's metadata: Durable's .NET client does not return the version.</summary>
    public const string Tag = "workflowVersion";

    /// <summary>How this release starts an orchestration: under its id, stamped and tagged with <see cref="Current"/>.</summary>
    public static StartOrchestrationOptions Start(string instanceId) =>
        new(instanceId) { Version = Current, Tags = new Dictionary<string, string> { [Tag] = Current } };

    /// <summary>The version a migration was started with, or null when it was started before versions were recorded.</summary>
    public static string? Of(OrchestrationMetadata instance) => instance.Tags.GetValueOrDefault(Tag);
}
