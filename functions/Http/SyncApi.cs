using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Sync.Activities;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions.Http;

/// <summary>
/// Cutover of a syncing migration over HTTP: POST raises the cutover event on its sync orchestration, which runs the
/// cutover beside its batches; GET answers cutover.json. The lag is in GET /api/migrations/{id}.
/// </summary>
public sealed class SyncApi(MigrationServices services)
{
    [Function(nameof(StartCutover))]
    public async Task<HttpResponseData> StartCutover(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/cutover")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var ct = request.FunctionContext.CancellationToken;
        if ((await MigrationsApi.MigrationAsync(client, id, ct)).Input is not { } migration)
            return await MigrationsApi.NotFoundAsync(request, id);
        CutoverRequest cutover;
        try
        {
            if (!migration.Spec.Sync.Enabled)
                throw new SpecException($"sync.enabled: migration '{id}' does not sync, so there is nothing to cut over");
            cutover = CutoverRequestBody.Read(await RequestJson.ReadBodyAsync(request, ct));
        }
        catch (SpecException e)
        {
            return await MigrationsApi.JsonAsync(request, HttpStatusCode.BadRequest, new ApiError("invalid cutover request", e.Problems));
        }
        var syncId = SyncWorkflow.InstanceIdFor(id);
        var sync = await client.GetInstanceAsync(syncId, cancellation: ct);
        if (sync is null || !MigrationStatusView.IsActive(sync))
            return await MigrationsApi.JsonAsync(request, HttpStatusCode.Conflict, new ApiError($"migration '{id}' has no sync running" +
                (sync is null ? " yet" : $" ({sync.RuntimeStatus})"),
                [$"the sync starts after the full load; GET /api/migrations/{id} shows the phase"]));
        await client.RaiseEventAsync(syncId, SyncWorkflow.CutoverEvent, cutover, ct);
        return await MigrationsApi.JsonAsync(request, HttpStatusCode.Accepted, new
        {
            id, status = "cutover requested", instance = CutoverWorkflow.InstanceIdFor(id), report = $"GET /api/migrations/{id}/cutover",
        });
    }

    [Function(nameof(GetCutover))]
    public Task<HttpResponseData> GetCutover(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/cutover")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
        => MigrationsApi.StagedDocumentAsync(request, client, services, id, WriteCutoverReportActivity.Json,
            new ApiError($"migration '{id}' has not been cut over", [$"POST /api/migrations/{id}/cutover asks its sync to cut over"]));

    /// <summary>
    /// The lag of a syncing migration for its status answer; what went wrong measuring it, when it could not be measured.
    /// </summary>
    public static async Task<object?> LagAsync(MigrationServices services, MigrationInput migration, CancellationToken ct)
    {
        if (!migration.Spec.Sync.Enabled) return null;
        try
        {
            return await SyncLag.MeasureAsync(services, migration.MigrationId, migration.Spec, SyncDirections.Forward, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new { error = Core.Connections.SecretRedactor.Redact(e.Message) };
        }
    }
}
