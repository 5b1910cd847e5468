using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Live comparison of a migration over HTTP: POST starts it (the migration's own spec, from its orchestration input),
/// GET answers the latest compare.json. The comparison's progress is its Durable instance's status.
/// </summary>
public sealed class CompareApi(MigrationServices services, ConnectionResolver connections, TimeProvider clock)
{
    [Function(nameof(StartCompare))]
    public async Task<HttpResponseData> StartCompare(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/compare")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var ct = request.FunctionContext.CancellationToken;
        var (instance, migration) = await MigrationsApi.MigrationAsync(client, id, ct);
        if (instance is null || migration is null) return await MigrationsApi.NotFoundAsync(request, id);
        CompareRequest body;
        try
        {
            body = CompareRequest.Read(await RequestJson.ReadBodyAsync(request, ct));
            connections.EnsureConfigured(migration.Spec);
        }
        catch (SpecException e)
        {
            return await MigrationsApi.JsonAsync(request, HttpStatusCode.BadRequest, new ApiError("invalid compare request", e.Problems));
        }
        if (MigrationStatusView.IsActive(instance))
            return await MigrationsApi.JsonAsync(request, HttpStatusCode.Conflict,
                new ApiError($"migration '{id}' is still {instance.RuntimeStatus}",
                [$"compare when it has completed; GET /api/migrations/{id} shows its progress"]));
        if (await CompareRuns.IsActiveAsync(client, id, ct))
            return await MigrationsApi.JsonAsync(request, HttpStatusCode.Conflict,
                new ApiError($"a comparison of migration '{id}' is already running",
                [$"GET /api/migrations/{id}/compare answers its report when it completes"]));
        var compareId = await CompareRuns.StartAsync(client, id, migration.Spec, clock, body.Tables, body.Repair, ct);
        return await client.CreateCheckStatusResponseAsync(request, compareId, ct);
    }

    [Function(nameof(GetCompare))]
    public Task<HttpResponseData> GetCompare(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/compare")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
        => MigrationsApi.StagedDocumentAsync(request, client, services, id, LeafDocuments.Latest,
            new ApiError($"migration '{id}' has no comparison yet", [$"POST /api/migrations/{id}/compare starts one"]));
}
