using System.Reflection;
using DurableTask.Core;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// An instance's state as the engine's backend keeps it. Only the backend tells an orchestration's version: the task
/// hub's gRPC GetInstance (the SDK's sidecar and the Functions host's alike) leaves it out of its answer.
/// </summary>
static class EngineInstances
{
    static readonly FieldInfo Sidecar = typeof(DurableTaskTestHost).GetField("sidecarHost", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new MissingFieldException("DurableTaskTestHost no longer keeps its sidecar host in 'sidecarHost'");

    /// <summary>The version the in-memory backend of <paramref name="hub"/> keeps for the instance; null when there is none.</summary>
    public static Task<string?> VersionAsync(DurableTaskTestHost hub, string instanceId) =>
        VersionAsync(((IHost)Sidecar.GetValue(hub)!).Services.GetRequiredService<IOrchestrationServiceClient>(), instanceId);

    public static async Task<string?> VersionAsync(IOrchestrationServiceClient backend, string instanceId) =>
        (await backend.GetOrchestrationStateAsync(instanceId, allExecutions: false)).FirstOrDefault()?.Version;
}
