using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.Functions.Http;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// A syncing migration on the real Durable engine: after the full load the sync orchestration applies changes,
/// starting afresh every few batches (ContinueAsNew); GET shows its lag; POST cutover raises the event that runs the
/// cutover beside it, after which the migration completes with the target identical to the source.
/// </summary>
public class SyncApiTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    sealed class Api(IServiceProvider services, DurableTaskClient client)
    {
        readonly MigrationsApi _migrations = ActivatorUtilities.CreateInstance<MigrationsApi>(services);
        readonly SyncApi _sync = ActivatorUtilities.CreateInstance<SyncApi>(services);

        public Task<TestHttpResponse> Status(string id)
            => Call("GET", $"migrations/{id}", null, r => _migrations.GetMigration(r, client, id));
        public Task<TestHttpResponse> Cutover(string id, string? body = null)
            => Call("POST", $"migrations/{id}/cutover", body, r => _sync.StartCutover(r, client, id));
        public Task<TestHttpResponse> CutoverReport(string id)
            => Call("GET", $"migrations/{id}/cutover", null, r => _sync.GetCutover(r, client, id));

        async Task<TestHttpResponse> Call(string method, string path, string? body,
            Func<HttpRequestData, Task<HttpResponseData>> function) =>
            (TestHttpResponse)await function(new TestHttpRequest(new TestFunctionContext(services), method, path, body));
    }

    [Fact]
    public async Task The_sync_runs_as_an_eternal_orchestration_shows_its_lag_and_cuts_over_on_request()
    {
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l)
            => { if (instrument.Meter.Name == MigrationTelemetry.Name) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => recorded.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1));
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => recorded.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1));
        listener.Start();

        await using var scenario = await Scenario.CreateAsync("syncapi", TestServers.Blob);
        var spec = scenario.Spec(extra: """
            "tables": { "include": ["*"], "exclude": ["shop.events"] },
            "sync": { "enabled": true, "waitSeconds": 0.2, "batchesPerGeneration": 3 }
            """);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);
        var api = new Api(hub.Services, hub.Client);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("sync-1", spec),
            new StartOrchestrationOptions("sync-1"));

        Assert.Equal(HttpStatusCode.Conflict, (await api.Cutover("sync-1")).StatusCode); // no sync yet: the full load runs
        await UntilAsync(async () => await hub.Client.GetInstanceAsync("sync-1:sync")
            is { RuntimeStatus: OrchestrationRuntimeStatus.Running }, "sync running");
        await scenario.Source.ExecuteAsync("""
            INSERT INTO shop.customers VALUES (9001, 'after the load', 'n@example.com', '{}');
            UPDATE shop.orders SET amount = amount * 2 WHERE id <= 100;
            DELETE FROM shop.orders WHERE id BETWEEN 200 AND 210;
            UPDATE shop.readings SET taken = taken + 400 WHERE id = 5;
            """);
        await UntilAsync(async () => await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM shop.customers WHERE id = 9001") == 1,
            "changes applied");

        // Batches go on, three per generation: the orchestration has started afresh, its position in the target.
        await UntilAsync(async () => DurableJson.Read<SyncStatus>(
                (await hub.Client.GetInstanceAsync("sync-1:sync", getInputsAndOutputs: true))?.SerializedCustomStatus)
            is { Generation: >= 2 }, "ContinueAsNew", async () =>
            {
                var sync = await hub.Client.GetInstanceAsync("sync-1:sync", getInputsAndOutputs: true);
                var migration = await hub.Client.GetInstanceAsync("sync-1", getInputsAndOutputs: true);
                var row = await scenario.Target.ScalarAsync<string>("SELECT position || ' ' || applied_changes || ' ' || " +
                    "applied_at FROM _migrator.sync_position");
                return $"{sync?.RuntimeStatus} status {sync?.SerializedCustomStatus} failure {sync?.FailureDetails?.ErrorMessage}; " +
                    $"migration {migration?.SerializedCustomStatus}; target {row}; now {DateTime.UtcNow:O}";
            });
        var status = await api.Status("sync-1");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("sync", status.Json.GetProperty("phase").GetString());
        var lag = status.Json.GetProperty("sync");
        Assert.True(lag.GetProperty("running").GetBoolean(), lag.ToString());
        Assert.True(lag.GetProperty("appliedChanges").GetInt64() >= 113, lag.ToString());
        Assert.True(lag.GetProperty("seconds").GetDouble() < 30, lag.ToString());

        var bad = await api.Cutover("sync-1", """{ "timeoutSeconds": 0 }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("timeoutSeconds: must be a whole number of seconds between 1 and 86400",
            bad.Json.GetProperty("problems")[0].GetString());
        var notBool = await api.Cutover("sync-1", """{ "fullCompare": "yes" }""");
        Assert.Equal(HttpStatusCode.BadRequest, notBool.StatusCode);
        Assert.Equal("fullCompare: must be true or false", notBool.Json.GetProperty("problems")[0].GetString());
        var both = await api.Cutover("sync-1", """{ "prepare": true, "readOnly": true }""");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);

        // The pre-check alone, while the application still writes: kept for the cutover after the stop.
        Assert.Equal(HttpStatusCode.Accepted, (await api.Cutover("sync-1", """{ "prepare": true }""")).StatusCode);
        OrchestrationMetadata? preparing = null;
        await UntilAsync(async () =>
        {
            var query = new OrchestrationQuery { InstanceIdPrefix = "sync-1:cutover-prepare-", FetchInputsAndOutputs = true };
            await foreach (var instance in hub.Client.GetAllInstancesAsync(query)) preparing = instance;
            return preparing is { RuntimeStatus: OrchestrationRuntimeStatus.Completed };
        }, "cutover prepared");
        var prepared = preparing!.ReadOutputAs<CutoverResult>()!;
        Assert.NotNull(prepared.Prepared);
        Assert.False(prepared.Ready);
        // The sync goes on (a later generation's status reads "sync" again).
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await hub.Client.GetInstanceAsync("sync-1:sync"))!.RuntimeStatus);

        var requested = await api.Cutover("sync-1", """{ "timeoutSeconds": 120 }""");
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);

        await UntilCompletedAsync(hub.Client, "sync-1", "migration completed after cutover");
        var result = await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "sync-1");
        Assert.True(result.Passed, result.ToString());
        var cutover = await DurableEngineTests.CompletedAsync<CutoverResult>(hub.Client, "sync-1:cutover");
        Assert.True(cutover.Ready, cutover.ToString());
        Assert.True(cutover.Timeline.DowntimeSeconds > 0);
        var report = await api.CutoverReport("sync-1");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.True(report.Json.GetProperty("ready").GetBoolean());

        var source = await scenario.Source.FingerprintAsync();
        source.Remove("shop.events");
        Assert.Equal(source, await scenario.Target.FingerprintAsync());
        Assert.True(recorded.GetValueOrDefault("migrator.sync.lag") > 0 && recorded.GetValueOrDefault("migrator.sync.apply_rate") > 0
            && recorded.GetValueOrDefault("migrator.sync.changes_applied") > 0, string.Join(", ", recorded));
    }

    [Fact]
    public async Task A_cutover_that_found_differences_can_be_asked_again_and_runs_under_the_same_instance()
    {
        await using var scenario = await Scenario.CreateAsync("syncagain", TestServers.Blob);
        var spec = scenario.Spec(extra: """
            "tables": { "include": ["shop.customers"] }, "sync": { "enabled": true, "waitSeconds": 0.2 }
            """);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);
        var api = new Api(hub.Services, hub.Client);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput("again-1", spec),
            new StartOrchestrationOptions("again-1"));
        await UntilAsync(async () => await hub.Client.GetInstanceAsync("again-1:sync")
            is { RuntimeStatus: OrchestrationRuntimeStatus.Running }, "sync running");
        await scenario.Source.ExecuteAsync("INSERT INTO shop.customers VALUES (9002, 'synced', 'a@example.com', '{}')");
        await UntilAsync(async () => await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM shop.customers WHERE id = 9002") == 1,
            "change applied");
        // A change the sync did not make: the cutover compares the keys it changed, and finds this one differs.
        await scenario.Target.ExecuteAsync("UPDATE shop.customers SET name = 'damaged on the target' WHERE id = 9002");

        Assert.Equal(HttpStatusCode.Accepted, (await api.Cutover("again-1", """{ "timeoutSeconds": 120 }""")).StatusCode);
        CutoverResult? first = null;
        await UntilAsync(async () =>
        {
            var cut = await hub.Client.GetInstanceAsync("again-1:cutover", getInputsAndOutputs: true);
            first = cut is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } ? cut.ReadOutputAs<CutoverResult>() : null;
            return first is not null;
        }, "first cutover done",
            async () => $"{(await hub.Client.GetInstanceAsync("again-1:cutover", true))?.FailureDetails?.ErrorMessage}");
        Assert.False(first!.Ready, first.ToString());
        Assert.True(first.Differences > 0, first.ToString());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await hub.Client.GetInstanceAsync("again-1:sync"))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await hub.Client.GetInstanceAsync("again-1"))!.RuntimeStatus);

        // Repaired, asked again: the sync runs a second cutover under the same instance id, and this one completes.
        await scenario.Target.ExecuteAsync("UPDATE shop.customers SET name = 'synced' WHERE id = 9002");
        Assert.Equal(HttpStatusCode.Accepted, (await api.Cutover("again-1", """{ "timeoutSeconds": 120 }""")).StatusCode);
        await UntilCompletedAsync(hub.Client, "again-1", "migration completed after the second cutover");
        var second = await DurableEngineTests.CompletedAsync<CutoverResult>(hub.Client, "again-1:cutover");
        Assert.True(second.Ready, second.ToString());
        Assert.Equal(0L, second.Differences);
        Assert.True((await api.CutoverReport("again-1")).Json.GetProperty("ready").GetBoolean());
    }

    /// <summary>Until the migration completes; on timeout, says where its sync and cutover stood.</summary>
    static Task UntilCompletedAsync(DurableTaskClient client, string id, string what) =>
        UntilAsync(async () => await client.GetInstanceAsync(id) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed }, what,
            async () =>
            {
                var sync = await client.GetInstanceAsync($"{id}:sync", getInputsAndOutputs: true);
                var cut = await client.GetInstanceAsync($"{id}:cutover", getInputsAndOutputs: true);
                return $"sync {sync?.RuntimeStatus} {sync?.SerializedCustomStatus}; cutover {cut?.RuntimeStatus} " +
                    $"{cut?.FailureDetails?.ErrorMessage} {cut?.SerializedOutput}";
            });

    static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? describe = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException(
                    $"{what}: not within {Patience.TotalSeconds:N0} s{(describe is null ? "" : "; " + await describe())}");
            await Task.Delay(200);
        }
    }
}
