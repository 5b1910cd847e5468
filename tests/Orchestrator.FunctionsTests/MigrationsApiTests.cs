using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Http;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// Every route of the HTTP API, called on the app's function class with a real DurableTaskClient of a real task hub:
/// only the request and response objects are stand-ins for the Functions host's.
/// </summary>
public class MigrationsApiTests
{
    internal sealed class Api(IServiceProvider services, DurableTaskClient client)
    {
        readonly MigrationsApi _functions = ActivatorUtilities.CreateInstance<MigrationsApi>(services);

        public Task<TestHttpResponse> Start(string body) => Call("POST", "migrations", body, r => _functions.StartMigration(r, client));
        public Task<TestHttpResponse> Status(string id) =>
            Call("GET", $"migrations/{id}", null, r => _functions.GetMigration(r, client, id));
        public Task<TestHttpResponse> Report(string id) =>
            Call("GET", $"migrations/{id}/report", null, r => _functions.GetMigrationReport(r, client, id));
        public Task<TestHttpResponse> Cancel(string id) =>
            Call("POST", $"migrations/{id}/cancel", null, r => _functions.CancelMigration(r, client, id));
        public Task<TestHttpResponse> Resume(string id) =>
            Call("POST", $"migrations/{id}/resume", null, r => _functions.ResumeMigration(r, client, id));
        public Task<TestHttpResponse> Assess(string body) => Call("POST", "assessments", body, _functions.StartAssessment);

        async Task<TestHttpResponse> Call(
            string method, string path, string? body, Func<HttpRequestData, Task<HttpResponseData>> function) =>
            (TestHttpResponse)await function(new TestHttpRequest(new TestFunctionContext(services), method, path, body));
    }

    [Fact]
    public async Task A_migration_starts_shows_progress_is_cancelled_mid_run_and_resumes_to_an_identical_target()
    {
        await using var scenario = await Scenario.CreateAsync("api", TestServers.Blob);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);
        var api = new Api(hub.Services, hub.Client);
        var spec = scenario.SpecJson(rowsPerChunk: 1000, maxParallel: 2);

        // 400 names the path inside the body; nothing starts.
        var bad = await api.Start($$"""{ "id": "api-1", "spec": {{spec.Replace("\"rowsPerChunk\": 1000", "\"rowsPerChunk\": 0")}} }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid migration request", bad.Json.GetProperty("error").GetString());
        Assert.StartsWith("spec.chunking.rowsPerChunk:", bad.Json.GetProperty("problems")[0].GetString());
        Assert.Null(await hub.Client.GetInstanceAsync("api-1"));

        // 202 with Durable's check-status answer.
        var started = await api.Start($$"""{ "id": "api-1", "spec": {{spec}} }""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("api-1", started.Json.GetProperty("id").GetString());
        var statusUri = "https://migrations.example.net/runtime/webhooks/durabletask/instances/api-1";
        Assert.Equal(statusUri, started.Json.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(statusUri, Assert.Single(started.Headers.GetValues("Location")));
        Assert.StartsWith(statusUri + "/terminate", started.Json.GetProperty("terminatePostUri").GetString());

        // 409 on a second start of the running id.
        var again = await api.Start($$"""{ "id": "api-1", "spec": {{spec}} }""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.StartsWith("migration 'api-1' is already", again.Json.GetProperty("error").GetString());

        // Progress while it runs; no report yet.
        await WaitForAsync(async () => await LedgerRowsAsync(scenario.Target) >= 4, "four chunks loaded");
        var running = await api.Status("api-1");
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal((MigrationWorkflow.Name, "Running"),
            (running.Json.GetProperty("workflow").GetString(), running.Json.GetProperty("runtimeStatus").GetString()));
        Assert.Equal(5, running.Json.GetProperty("tablesTotal").GetInt32());
        var early = await api.Report("api-1");
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.StartsWith("migration 'api-1' has no report yet", early.Json.GetProperty("error").GetString());

        // Cancel mid-run: the migration and its running tables stop.
        var cancelled = await api.Cancel("api-1");
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal("terminating", cancelled.Json.GetProperty("status").GetString());
        Assert.True(cancelled.Json.GetProperty("tablesTerminating").GetInt32() >= 1, cancelled.Text);
        await WaitForAsync(async () => (await hub.Client.GetInstanceAsync("api-1"))!.RuntimeStatus == OrchestrationRuntimeStatus.Terminated
            && (await TableInstances.ActiveAsync(hub.Client, "api-1", default)).Count == 0, "the migration and its tables terminated");
        var loadedWhenCancelled = await LedgerRowsAsync(scenario.Target);
        Assert.Equal(HttpStatusCode.Conflict, (await api.Cancel("api-1")).StatusCode);

        // Resume under the same id: loaded chunks are skipped, the rest load, and the target is the source.
        var resumed = await api.Resume("api-1");
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(statusUri, resumed.Json.GetProperty("statusQueryGetUri").GetString());
        var result = await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "api-1");
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(await scenario.Source.FingerprintAsync(), await scenario.Target.FingerprintAsync());

        var done = await api.Status("api-1");
        Assert.Equal("Completed", done.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal("completed", done.Json.GetProperty("phase").GetString());
        Assert.True(done.Json.GetProperty("result").GetProperty("passed").GetBoolean());
        Assert.Equal(33_500, done.Json.GetProperty("rowsLoaded").GetInt64());
        var report = await api.Report("api-1");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(5, report.Json.GetProperty("tables").GetArrayLength());
        var chunks = report.Json.GetProperty("tables").EnumerateArray().Sum(t => t.GetProperty("chunks").GetInt32());
        Assert.True(loadedWhenCancelled < chunks, $"all {chunks} chunks were loaded before the cancel landed");
        Assert.Equal(chunks, await LedgerRowsAsync(scenario.Target)); // each chunk once; the fingerprint has the source's row counts
        Assert.Equal(HttpStatusCode.Conflict, (await api.Cancel("api-1")).StatusCode);

        foreach (var unknown in new[]
                 { await api.Status("nope"), await api.Report("nope"), await api.Cancel("nope"), await api.Resume("nope") })
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("no migration with id 'nope'", unknown.Json.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task An_assessment_answers_the_inventory_or_names_what_is_wrong()
    {
        await using var scenario = await Scenario.CreateAsync("assess", TestServers.Blob);
        var configuration = new ConfigurationBuilder().AddConfiguration(scenario.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Gone"] = "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=3",
            }).Build();
        var services = new ServiceCollection().AddAppServices(configuration).BuildServiceProvider();
        var api = new Api(services, null!);

        var assessed = await api.Assess(scenario.SpecJson());
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        var tables = assessed.Json.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.True(tables.Count >= 4, assessed.Text[..Math.Min(2000, assessed.Text.Length)]);
        Assert.Equal(24_000, tables["shop.orders"].GetProperty("estimatedRows").GetInt64());
        Assert.Equal(2, tables["shop.readings"].GetProperty("partitions").GetInt32());

        var bad = await api.Assess(scenario.SpecJson().Replace("\"dialect\": \"postgres\"", "\"dialect\": 42"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("source.dialect:", bad.Json.GetProperty("problems")[0].GetString());

        var unreadable = await api.Assess(scenario.SpecJson().Replace("\"connection\": \"Legacy\"", "\"connection\": \"Gone\""));
        Assert.Equal(HttpStatusCode.BadGateway, unreadable.StatusCode);
        Assert.Equal("the source database could not be read", unreadable.Json.GetProperty("error").GetString());
    }

    internal static async Task<long> LedgerRowsAsync(TestDatabase target)
    {
        try { return await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger"); }
        catch (Npgsql.PostgresException) { return 0; } // before PrepareTarget made it
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"waited 2 minutes for: {what}");
            await Task.Delay(100);
        }
    }
}
