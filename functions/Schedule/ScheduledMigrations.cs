using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.Functions.Http;

namespace Orchestrator.Functions.Schedule;

/// <summary>
/// On the MIGRATION_SCHEDULE cron (six fields), starts every spec kept in the MIGRATION_SPECS_CONTAINER container of
/// the staging account, each as a singleton: one instance id per blob, skipped while it still runs; a spec with
/// compare.onSchedule whose migration completed is compared instead (one comparison at a time). With no schedule
/// the Bicep sets AzureWebJobs.ScheduledMigrations.Disabled=true, so the function never fires.
/// </summary>
public sealed class ScheduledMigrations(IConfiguration configuration, ConnectionResolver connections, TimeProvider clock,
    ILogger<ScheduledMigrations> log)
{
    public const string Name = nameof(ScheduledMigrations);

    [Function(Name)]
    public async Task Run([TimerTrigger("%MIGRATION_SCHEDULE%")] TimerInfo timer, [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        var ct = context.CancellationToken;
        if (Container() is not { } container)
        {
            log.LogWarning("MIGRATION_SPECS_CONTAINER is not set: no scheduled migrations to start");
            return;
        }
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: ct))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            var id = ScheduledInstanceId.For(blob.Name);
            try
            {
                var json = (await container.GetBlobClient(blob.Name).DownloadContentAsync(ct)).Value.Content.ToString();
                var start = StartRequest.Read(json, connections, () => id);
                var existing = await client.GetInstanceAsync(id, cancellation: ct);
                if (existing is not null && MigrationStatusView.IsActive(existing))
                {
                    log.LogInformation("scheduled migration {MigrationId} ({Blob}) is still {Status}: not started again", id, blob.Name,
                        existing.RuntimeStatus);
                    continue;
                }
                if ((await TableInstances.ActiveAsync(client, id, ct)).Count > 0)
                {
                    log.LogInformation("scheduled migration {MigrationId} ({Blob}) still has tables running: not started again", id,
                        blob.Name);
                    continue;
                }
                // A dual-write phase: once migrated, each tick compares the live databases instead of migrating again.
                if (start.Spec.Compare.OnSchedule && existing?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    if (await CompareRuns.IsActiveAsync(client, id, ct)) continue;
                    await CompareRuns.StartAsync(client, id, start.Spec, clock, tables: null, repair: false, ct);
                    log.LogInformation("scheduled comparison of migration {MigrationId} ({Blob}) started", id, blob.Name);
                    continue;
                }
                await client.ScheduleNewOrchestrationInstanceAsync(MigrationWorkflow.Name,
                    new MigrationInput(start.MigrationId, start.Spec),
                    WorkflowVersion.Start(start.MigrationId), ct);
                log.LogInformation("scheduled migration {MigrationId} started from {Blob}", start.MigrationId, blob.Name);
            }
            catch (SpecException e)
            {
                // One bad spec must not hold back the others.
                log.LogError("scheduled spec {Blob} is invalid, not started: {Problems}", blob.Name, string.Join("; ", e.Problems));
            }
        }
    }

    BlobContainerClient? Container()
    {
        var name = configuration["MIGRATION_SPECS_CONTAINER"];
        if (string.IsNullOrWhiteSpace(name)) return null;
        var account = connections.Resolve(configuration["MIGRATION_SPECS_CONNECTION"] ?? "Staging", "MIGRATION_SPECS_CONNECTION");
        // Same rule as Core's staging store: a bare service URL means the app's managed identity.
        var service = Uri.TryCreate(account, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new BlobServiceClient(uri, new DefaultAzureCredential())
            : new BlobServiceClient(account);
        return service.GetBlobContainerClient(name);
    }
}
