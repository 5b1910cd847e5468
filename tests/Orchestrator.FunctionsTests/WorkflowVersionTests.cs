using System.Net;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// Upgrades with migrations in flight: every orchestration is stamped with the workflow version of the release that
/// started it, and the workers of a release run only their own version (host.json Strict + Fail). The task hubs here
/// apply host.json's versioning to the SDK's worker as the Functions host applies it to its own (HostVersioning).
/// </summary>
public class WorkflowVersionTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public void Host_json_runs_the_code_s_workflow_version_and_refuses_every_other()
    {
        var repository = HostVersioning.Read(Path.Combine(Repository.Root, "host.json"));
        Assert.Equal(WorkflowVersion.Current, repository.DefaultVersion);
        Assert.Equal(DurableTaskWorkerOptions.VersionMatchStrategy.Strict, repository.Match);
        Assert.Equal(DurableTaskWorkerOptions.VersionFailureStrategy.Fail, repository.Failure);
        // The copy published beside the app (and read by the test task hubs) is the same file.
        Assert.Equal(repository, HostVersioning.Published);
    }

    [Fact]
    public async Task A_migration_started_through_the_api_carries_this_release_s_version_and_so_do_its_tables()
    {
        await using var scenario = await Scenario.CreateAsync("version", TestServers.Blob);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);
        var api = new MigrationsApiTests.Api(hub.Services, hub.Client);

        var started = await api.Start($$"""{ "id": "version-1", "spec": {{OneTable(scenario)}} }""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.True((await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "version-1")).Passed);

        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(hub, "version-1"));
        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(hub, "version-1:shop.customers"));
        var status = (await api.Status("version-1")).Json;
        Assert.Equal(WorkflowVersion.Current, status.GetProperty("workflowVersion").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("upgrade").ValueKind);
    }

    [Fact]
    public async Task A_migration_of_another_workflow_version_is_refused_not_replayed_and_resumes_on_this_version()
    {
        await using var scenario = await Scenario.CreateAsync("oldver", TestServers.Blob);
        var faults = new ActivityFaults();
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration, faults.Install);
        var api = new MigrationsApiTests.Api(hub.Services, hub.Client);
        var spec = scenario.Spec(extra: """ "tables": { "include": ["shop.customers"] } """);

        // As an earlier release started them: one stamped and tagged "0", one from before versions were stamped at all.
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("oldver-0", spec),
            new StartOrchestrationOptions("oldver-0") { Version = "0", Tags = new Dictionary<string, string> { [WorkflowVersion.Tag] = "0" } });
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("oldver-none", spec),
            new StartOrchestrationOptions("oldver-none") { Version = "" });

        var refused = await EndedAsync(hub.Client, "oldver-0");
        Assert.Equal((OrchestrationRuntimeStatus.Failed, "VersionMismatch"), (refused.RuntimeStatus, refused.FailureDetails?.ErrorType));
        Assert.Equal($"The orchestration version '0' does not match the worker version '{WorkflowVersion.Current}'.",
            refused.FailureDetails!.ErrorMessage);
        Assert.Equal((OrchestrationRuntimeStatus.Failed, "VersionMismatch"),
            ((await EndedAsync(hub.Client, "oldver-none")).RuntimeStatus, (await EndedAsync(hub.Client, "oldver-none")).FailureDetails?.ErrorType));
        // Refused before any of its code ran: not one activity, not one table.
        Assert.Equal(0, faults.Runs("oldver-0", ActivityNames.Discover) + faults.Runs("oldver-none", ActivityNames.Discover));
        Assert.Empty(await DurableEngineTests.InstancesAsync(hub.Client, "oldver-0:"));

        // The status names both versions and what to do.
        var status = (await api.Status("oldver-0")).Json;
        Assert.Equal(("Failed", "0"), (status.GetProperty("runtimeStatus").GetString(), status.GetProperty("workflowVersion").GetString()));
        var upgrade = status.GetProperty("upgrade").GetString()!;
        Assert.StartsWith($"started by workflow version 0, and this app runs workflow version {WorkflowVersion.Current}, ", upgrade);
        Assert.Contains($"POST /api/migrations/oldver-0/resume runs it again on version {WorkflowVersion.Current}", upgrade);
        var unversioned = (await api.Status("oldver-none")).Json;
        Assert.Equal(JsonValueKind.Null, unversioned.GetProperty("workflowVersion").ValueKind);
        Assert.StartsWith("started by workflow version (none: a release before versions were recorded)",
            unversioned.GetProperty("upgrade").GetString());

        // Resume runs it again on this release's version, to the end.
        Assert.Equal(HttpStatusCode.Accepted, (await api.Resume("oldver-0")).StatusCode);
        var result = await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "oldver-0");
        Assert.True(result.Passed && result.Rows == 500, result.ToString());
        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(hub, "oldver-0"));
        var resumed = (await api.Status("oldver-0")).Json;
        Assert.Equal(WorkflowVersion.Current, resumed.GetProperty("workflowVersion").GetString());
        Assert.Equal(JsonValueKind.Null, resumed.GetProperty("upgrade").ValueKind);
    }

    static string OneTable(Scenario scenario) => scenario.SpecJson(extra: """ "tables": { "include": ["shop.customers"] } """);

    static async Task<OrchestrationMetadata> EndedAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
