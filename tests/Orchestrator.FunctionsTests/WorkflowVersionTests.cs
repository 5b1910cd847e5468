using System.Net;
using System.Text.Json;
using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.Functions.Http;
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

        var spec = scenario.SpecJson(extra: """ "tables": { "include": ["shop.customers"] } """);
        var started = await api.Start($$"""{ "id": "version-1", "spec": {{spec}} }""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.True((await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "version-1")).Passed);

        await RunsThisVersionAsync(api, hub, "version-1");
        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(hub, "version-1:shop.customers"));
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
            StartedByRelease("0", "oldver-0"));
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("oldver-none", spec),
            new StartOrchestrationOptions("oldver-none") { Version = "" });

        var refused = await EndedAsync(hub.Client, "oldver-0");
        Assert.Equal((OrchestrationRuntimeStatus.Failed, "VersionMismatch"), (refused.RuntimeStatus, refused.FailureDetails?.ErrorType));
        Assert.Equal($"The orchestration version '0' does not match the worker version '{WorkflowVersion.Current}'.",
            refused.FailureDetails!.ErrorMessage);
        var unversioned = await EndedAsync(hub.Client, "oldver-none");
        Assert.Equal((OrchestrationRuntimeStatus.Failed, "VersionMismatch"),
            (unversioned.RuntimeStatus, unversioned.FailureDetails?.ErrorType));
        // Refused before any of its code ran: not one activity, not one table.
        Assert.Equal(0, faults.Runs("oldver-0", ActivityNames.Discover) + faults.Runs("oldver-none", ActivityNames.Discover));
        Assert.Empty(await DurableEngineTests.InstancesAsync(hub.Client, "oldver-0:"));

        // The status names both versions and what to do.
        var status = (await api.Status("oldver-0")).Json;
        Assert.Equal(("Failed", "0"), (status.GetProperty("runtimeStatus").GetString(), status.GetProperty("workflowVersion").GetString()));
        var upgrade = status.GetProperty("upgrade").GetString()!;
        Assert.StartsWith($"started by workflow version 0, and this app runs workflow version {WorkflowVersion.Current}, ", upgrade);
        Assert.Contains($"POST /api/migrations/oldver-0/resume runs it again on version {WorkflowVersion.Current}", upgrade);
        var unversionedStatus = (await api.Status("oldver-none")).Json;
        Assert.Equal(JsonValueKind.Null, unversionedStatus.GetProperty("workflowVersion").ValueKind);
        Assert.StartsWith("started by workflow version (none: a release before versions were recorded)",
            unversionedStatus.GetProperty("upgrade").GetString());

        // Resume runs it again on this release's version, to the end.
        Assert.Equal(HttpStatusCode.Accepted, (await api.Resume("oldver-0")).StatusCode);
        var result = await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "oldver-0");
        Assert.True(result.Passed && result.Rows == 500, result.ToString());
        await RunsThisVersionAsync(api, hub, "oldver-0");
    }

    [Fact]
    public async Task A_redeploy_with_another_workflow_version_fails_the_migration_in_flight_and_resume_finishes_it()
    {
        var storage = TestServers.Storage;
        await using var scenario = await Scenario.CreateAsync("redeploy", storage);
        var hub = $"fxver{Guid.NewGuid():N}"[..20];
        var input = new MigrationInput("redeploy-1", scenario.Spec(rowsPerChunk: 1000, maxParallel: 2));

        // Release "0" starts the migration and runs it until its process goes away mid-copy, as a deployment swaps it out.
        using (var release0 = await TaskHubProcess.StartAsync(hub, storage, scenario.Configuration, workflowVersion: "0"))
        {
            await using var release0Services = release0.Client(scenario.Configuration);
            await release0Services.GetRequiredService<DurableTaskClient>()
                .ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, input, StartedByRelease("0", "redeploy-1"));
            await MigrationsApiTests.WaitForAsync(
                async () => await MigrationsApiTests.LedgerRowsAsync(scenario.Target) >= 4, "four chunks loaded");
            release0.Kill();
        }
        var loadedByRelease0 = await MigrationsApiTests.LedgerRowsAsync(scenario.Target);

        // This release on the same task hub: the migration and its tables fail at their next step instead of replaying (the
        // chunk loads release 0 had scheduled still run: the host checks versions of orchestrations, not of activities).
        using var current = await TaskHubProcess.StartAsync(hub, storage, scenario.Configuration);
        await using var services = current.Client(scenario.Configuration);
        var durable = services.GetRequiredService<DurableTaskClient>();
        var api = new MigrationsApiTests.Api(services, durable);
        var refused = await EndedAsync(durable, "redeploy-1");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, refused.RuntimeStatus);
        // Over Azure Storage the SDK's sidecar keeps no failure details; the worker's log says why: a refused version.
        var backend = new AzureStorageOrchestrationService(AzureStorageTaskHub.Settings(storage, hub));
        Assert.Equal("0", await EngineInstances.VersionAsync(backend, "redeploy-1"));
        Assert.Contains($"The orchestration version '0' does not match the worker version '{WorkflowVersion.Current}'.", current.Output);
        await MigrationsApiTests.WaitForAsync(async () => (await TableInstances.ActiveAsync(durable, "redeploy-1", default)).Count == 0,
            "the tables of release 0 ended (done, or refused at their next step)");
        Assert.StartsWith("started by workflow version 0, ", (await api.Status("redeploy-1")).Json.GetProperty("upgrade").GetString());

        // Resume: this release's version, the chunks release 0 loaded kept, each chunk loaded once, the target the source.
        Assert.Equal(HttpStatusCode.Accepted, (await api.Resume("redeploy-1")).StatusCode);
        Assert.True((await DurableEngineTests.CompletedAsync<MigrationResult>(durable, "redeploy-1")).Passed, current.Errors);
        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(backend, "redeploy-1"));
        var chunks = 0;
        foreach (var table in await DurableEngineTests.InstancesAsync(durable, "redeploy-1:"))
            chunks += (await durable.GetInstanceAsync(table.InstanceId, getInputsAndOutputs: true))!.ReadOutputAs<TableResult>()!.Chunks;
        Assert.True(loadedByRelease0 < chunks, $"all {chunks} chunks were loaded before release 0 went away");
        Assert.Equal(chunks, await MigrationsApiTests.LedgerRowsAsync(scenario.Target));
        Assert.Equal(await scenario.Source.FingerprintAsync(), await scenario.Target.FingerprintAsync());
    }

    /// <summary>A migration of this release's version, in the engine and in GET /api/migrations/{id}: nothing to upgrade.</summary>
    static async Task RunsThisVersionAsync(MigrationsApiTests.Api api, DurableTaskTestHost hub, string id)
    {
        Assert.Equal(WorkflowVersion.Current, await EngineInstances.VersionAsync(hub, id));
        var status = (await api.Status(id)).Json;
        Assert.Equal(WorkflowVersion.Current, status.GetProperty("workflowVersion").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("upgrade").ValueKind);
    }

    /// <summary>How a release of workflow version <paramref name="version"/> starts an orchestration (WorkflowVersion.Start).</summary>
    static StartOrchestrationOptions StartedByRelease(string version, string instanceId) =>
        new(instanceId) { Version = version, Tags = new Dictionary<string, string> { [WorkflowVersion.Tag] = version } };

    static async Task<OrchestrationMetadata> EndedAsync(DurableTaskClient client, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
