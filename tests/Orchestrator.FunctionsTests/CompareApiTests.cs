using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Http;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// POST /api/migrations/{id}/compare runs the comparison orchestration on the real Durable engine (its settle timer a
/// durable timer, its activities fanned out per range), and GET answers its report.
/// </summary>
public class CompareApiTests
{
    sealed class Api(IServiceProvider services, DurableTaskClient client)
    {
        readonly CompareApi _functions = ActivatorUtilities.CreateInstance<CompareApi>(services);

        public Task<TestHttpResponse> Start(string id, string? body = null) =>
            Call("POST", $"migrations/{id}/compare", body, r => _functions.StartCompare(r, client, id));
        public Task<TestHttpResponse> Report(string id) =>
            Call("GET", $"migrations/{id}/compare", null, r => _functions.GetCompare(r, client, id));

        async Task<TestHttpResponse> Call(
            string method, string path, string? body, Func<HttpRequestData, Task<HttpResponseData>> function) =>
            (TestHttpResponse)await function(new TestHttpRequest(new TestFunctionContext(services), method, path, body));
    }

    [Fact]
    public async Task A_compare_runs_as_an_orchestration_finds_what_changed_in_the_target_and_repairs_it()
    {
        await using var scenario = await Scenario.CreateAsync("cmpapi", TestServers.Blob);
        var spec = scenario.Spec(rowsPerChunk: 5000,
            extra: Scenario.ShapedSpec + """, "compare": { "settleSeconds": 1, "rowLevelRows": 200 } """);
        await using var hub = await InMemoryTaskHub.StartAsync(scenario.Configuration);
        var api = new Api(hub.Services, hub.Client);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Start("cmpapi-1")).StatusCode);

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(
            MigrationWorkflow.Name, new MigrationInput("cmpapi-1", spec), new StartOrchestrationOptions("cmpapi-1"));
        Assert.True((await DurableEngineTests.CompletedAsync<MigrationResult>(hub.Client, "cmpapi-1")).Passed);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Report("cmpapi-1")).StatusCode);
        var bad = await api.Start("cmpapi-1", """{ "repair": "yes" }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("repair: must be true or false", bad.Json.GetProperty("problems")[0].GetString());

        // Rules (a hashed e-mail, a jsonb document) and a renamed table and column compare as loaded: no difference.
        var started = await api.Start("cmpapi-1");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("cmpapi-1:compare", started.Json.GetProperty("id").GetString());
        var clean = await DurableEngineTests.CompletedAsync<CompareResult>(hub.Client, "cmpapi-1:compare");
        Assert.True(clean.Passed && clean.Tables == 5 && clean.Confirmed == 0, clean.ToString());

        await scenario.Target.ExecuteAsync("""
            UPDATE shop.purchases SET amount = amount + 1 WHERE id IN (10, 20000);
            DELETE FROM shop.purchases WHERE id = 777;
            """);
        Assert.Equal(HttpStatusCode.Accepted, (await api.Start("cmpapi-1", """{ "tables": "shop.orders" }""")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.Start("cmpapi-1")).StatusCode);
        var found = await DurableEngineTests.CompletedAsync<CompareResult>(hub.Client, "cmpapi-1:compare");
        Assert.True(!found.Passed && found.Tables == 1 && found.Confirmed == 3, found.ToString());
        var report = await api.Report("cmpapi-1");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var table = report.Json.GetProperty("tables")[0];
        Assert.Equal("shop.purchases", table.GetProperty("table").GetString());
        Assert.Equal(["10 different amount", "20000 different amount", "777 missing"], table.GetProperty("differences").EnumerateArray()
            .Select(d => $"{d.GetProperty("key").GetProperty("id").GetInt64()} {d.GetProperty("kind").GetString()}" +
                (d.TryGetProperty("columns", out var c) ? " " + c[0].GetString() : "")).Order().ToList());

        Assert.Equal(HttpStatusCode.Accepted, (await api.Start("cmpapi-1", """{ "repair": true }""")).StatusCode);
        var repaired = await DurableEngineTests.CompletedAsync<CompareResult>(hub.Client, "cmpapi-1:compare");
        Assert.True(repaired.Passed, repaired.ToString());
        Assert.Equal(await scenario.Source.ScalarAsync<decimal>("SELECT sum(amount) FROM shop.orders"),
            await scenario.Target.ScalarAsync<decimal>("SELECT sum(amount) FROM shop.purchases"));
        Assert.Equal(3L, await scenario.Target.ScalarAsync<long>(
            "SELECT sum(inserted + updated + deleted)::bigint FROM _migrator.compare_repairs"));
    }
}
