using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The HTTP API (function keys): start, status, report, cancel and resume a migration. Parsing and validation live in
/// StartRequest and MigrationStatusView; this class only maps them onto Durable's client and HTTP answers.
/// </summary>
public sealed class MigrationsApi(MigrationServices services, ConnectionResolver connections, TimeProvider clock)
{
    [Function(nameof(StartMigration))]
    public async Task<HttpResponseData> StartMigration(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        var ct = request.FunctionContext.CancellationToken;
        StartRequest start;
        try
        {
            start = StartRequest.Read(await RequestJson.ReadBodyAsync(request, ct), connections, NewId);
        }
        catch (SpecException e)
        {
            return await JsonAsync(request, HttpStatusCode.BadRequest, new ApiError("invalid migration request", e.Problems));
        }
        if (await RunningAsync(client, await client.GetInstanceAsync(start.MigrationId, cancellation: ct),
            start.MigrationId, ct) is { } running)
            return await JsonAsync(request, HttpStatusCode.Conflict, running);
        await client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name, new MigrationInput(start.MigrationId, start.Spec),
            WorkflowVersion.Start(start.MigrationId), ct);
        return await client.CreateCheckStatusResponseAsync(request, start.MigrationId, ct);
    }

    [Function(nameof(GetMigration))]
    public async Task<HttpResponseData> GetMigration(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, request.FunctionContext.CancellationToken);
        if (instance is null) return await NotFoundAsync(request, id);
        // A syncing migration also answers its lag, measured now against the source.
        var sync = DurableJson.Read<MigrationInput>(instance.SerializedInput) is { } input
            ? await SyncApi.LagAsync(services, input, request.FunctionContext.CancellationToken) : null;
        return await JsonAsync(request, HttpStatusCode.OK, MigrationStatusView.From(instance) with { Sync = sync });
    }

    [Function(nameof(GetMigrationReport))]
    public async Task<HttpResponseData> GetMigrationReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "migrations/{id}/report")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var ct = request.FunctionContext.CancellationToken;
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (instance is null || DurableJson.Read<MigrationInput>(instance.SerializedInput) is not { } input)
            return await NotFoundAsync(request, id);
        // The report lives where the migration staged its chunks; the spec in the orchestration input says where.
        var report = await services.Store(input.Spec).ReadDocumentAsync(input.MigrationId, Documents.ReportJson, ct);
        if (report is null)
            return await JsonAsync(request, HttpStatusCode.NotFound,
                new ApiError($"migration '{id}' has no report yet ({instance.RuntimeStatus})",
                    ["the report is written when the migration completes"]));
        using var document = JsonDocument.Parse(report);
        return await JsonAsync(request, HttpStatusCode.OK, document.RootElement);
    }

    [Function(nameof(CancelMigration))]
    public async Task<HttpResponseData> CancelMigration(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/cancel")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var ct = request.FunctionContext.CancellationToken;
        var instance = await client.GetInstanceAsync(id, cancellation: ct);
        if (instance is null) return await NotFoundAsync(request, id);
        var active = MigrationStatusView.IsActive(instance);
        if (!active && (await TableInstances.ActiveAsync(client, id, ct)).Count == 0)
            return await JsonAsync(request, HttpStatusCode.Conflict,
                new ApiError($"migration '{id}' is not running ({instance.RuntimeStatus})", []));
        // The migration first, so it starts no more tables; then the tables it started, so a resume can run them again.
        if (active) await client.TerminateInstanceAsync(id, new TerminateInstanceOptions("cancelled through the API", true), ct);
        var tables = await TableInstances.TerminateAsync(client, id, $"migration '{id}' was cancelled through the API", ct);
        return await JsonAsync(request, HttpStatusCode.Accepted,
            new { id, status = "terminating", tablesTerminating = tables, resume = $"POST /api/migrations/{id}/resume" });
    }

    [Function(nameof(ResumeMigration))]
    public async Task<HttpResponseData> ResumeMigration(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "migrations/{id}/resume")] HttpRequestData request,
        [DurableClient] DurableTaskClient client, string id)
    {
        var ct = request.FunctionContext.CancellationToken;
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        if (instance is null || DurableJson.Read<MigrationInput>(instance.SerializedInput) is not { } input)
            return await NotFoundAsync(request, id);
        if (await RunningAsync(client, instance, id, ct) is { } running) return await JsonAsync(request, HttpStatusCode.Conflict, running);
        try
        {
            connections.EnsureConfigured(input.Spec);
        }
        catch (SpecException e)
        {
            return await JsonAsync(request, HttpStatusCode.BadRequest,
                new ApiError("the migration's connections are not configured", e.Problems));
        }
        // Same id, same input, this release's workflow version: Core's activities skip sealed and loaded chunks, so the run
        // picks up where it stopped, also after an upgrade refused the version it was started with.
        await client.ScheduleNewOrchestrationInstanceAsync(instance.Name, input, WorkflowVersion.Start(id), ct);
        return await client.CreateCheckStatusResponseAsync(request, id, ct);
    }

    /// <summary>
    /// The source assessment, as `migrator assess` without --scan: read synchronously, from catalogs, statistics and a small sample per
    /// table.
    /// </summary>
    [Function(nameof(StartAssessment))]
    public async Task<HttpResponseData> StartAssessment(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "assessments")] HttpRequestData request)
    {
        var ct = request.FunctionContext.CancellationToken;
        try
        {
            var spec = StartRequest.ReadAssessment(await RequestJson.ReadBodyAsync(request, ct), connections);
            return await JsonAsync(request, HttpStatusCode.OK,
                await AssessmentBuilder.BuildAsync(services.Source(spec), services.Inventory(spec), services.TargetDdl(spec), spec,
                    AssessmentOptions.Default, ct));
        }
        catch (SpecException e)
        {
            return await JsonAsync(request, HttpStatusCode.BadRequest, new ApiError("invalid assessment request", e.Problems));
        }
        catch (System.Data.Common.DbException e)
        {
            return await JsonAsync(request, HttpStatusCode.BadGateway,
                new ApiError("the source database could not be read", [SecretRedactor.Redact(e.Message)]));
        }
    }

    /// <summary>Why the migration cannot start now: it runs, or tables of an earlier run still stop; null when it can.</summary>
    static async Task<ApiError?> RunningAsync(DurableTaskClient client, OrchestrationMetadata? instance, string id, CancellationToken ct)
    {
        if (instance is not null && MigrationStatusView.IsActive(instance))
            return new ApiError($"migration '{id}' is already {instance.RuntimeStatus}", [$"GET /api/migrations/{id} shows its progress"]);
        var tables = await TableInstances.ActiveAsync(client, id, ct);
        return tables.Count == 0 ? null
            : new ApiError($"migration '{id}' still has {tables.Count} table workflow(s) running from an earlier run",
                [$"POST /api/migrations/{id}/cancel stops them; then try again"]);
    }

    string NewId() => $"mig-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The migration's instance and its input (its spec), or nulls when there is no such migration.</summary>
    internal static async Task<(OrchestrationMetadata? Instance, MigrationInput? Input)> MigrationAsync(
        DurableTaskClient client, string id, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
        return (instance, instance is null ? null : DurableJson.Read<MigrationInput>(instance.SerializedInput));
    }

    /// <summary>
    /// A JSON document of the migration's staging area as it is (compare, cutover reports); 404 with <paramref name="missing"/> until
    /// written.
    /// </summary>
    internal static async Task<HttpResponseData> StagedDocumentAsync(HttpRequestData request, DurableTaskClient client,
        MigrationServices services, string id, string document, ApiError missing)
    {
        var ct = request.FunctionContext.CancellationToken;
        if ((await MigrationAsync(client, id, ct)).Input is not { } migration) return await NotFoundAsync(request, id);
        var json = await services.Store(migration.Spec).ReadDocumentAsync(id, document, ct);
        if (json is null) return await JsonAsync(request, HttpStatusCode.NotFound, missing);
        using var parsed = JsonDocument.Parse(json);
        return await JsonAsync(request, HttpStatusCode.OK, parsed.RootElement);
    }

    internal static Task<HttpResponseData> NotFoundAsync(HttpRequestData request, string id) =>
        JsonAsync(request, HttpStatusCode.NotFound, new ApiError($"no migration with id '{id}'", []));

    internal static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body)
    {
        var response = request.CreateResponse();
        await response.WriteAsJsonAsync(body, request.FunctionContext.CancellationToken);
        // WriteAsJsonAsync sets 200 OK; the status is sent when the function returns, so set ours after it.
        response.StatusCode = status;
        return response;
    }
}

/// <summary>The body of every error answer: what failed, and the details (spec paths, what to do next).</summary>
public sealed record ApiError(string Error, IReadOnlyList<string> Problems);
