using Microsoft.Extensions.Logging;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Durable;

/// <summary>
/// Runs Core's activities by name for the activity functions. Durable only sees a failure's type name, so a failure
/// Core classifies as transient leaves as TransientActivityException, which the orchestrator's RetryPolicy retries.
/// </summary>
public sealed class CoreActivities(IReadOnlyDictionary<string, IWorkflowActivity> activities, ILogger<CoreActivities> logger)
{
    public async Task<TResult> RunAsync<TResult>(string name, object input, CancellationToken ct)
    {
        if (!activities.TryGetValue(name, out var activity)) throw new InvalidOperationException($"no activity named {name}");
        // Every log line of the activity carries the migration id, as its span does: one query finds both.
        using var scope = input is IMigrationMessage message
            ? logger.BeginScope(new Dictionary<string, object> { ["migration.id"] = message.MigrationId })
            : null;
        try
        {
            return (TResult)(await activity.RunAsync(input, ct))!;
        }
        catch (Exception e) when (e is not OperationCanceledException && TransientFailures.IsTransient(e))
        {
            logger.LogWarning("{Activity} failed with a transient error, to be retried: {Problem}", name, SecretRedactor.Redact(e.Message));
            throw new TransientActivityException($"{name} failed with a transient error: {SecretRedactor.Redact(e.Message)}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("{Activity} failed: {Problem}", name, SecretRedactor.Redact(e.Message));
            throw;
        }
    }
}
