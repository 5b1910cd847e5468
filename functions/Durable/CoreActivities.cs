using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Durable;

/// <summary>
/// Runs Core's activities by name for the activity functions. Durable only sees a failure's type name, so a failure
/// Core classifies as transient leaves as TransientActivityException, which the orchestrator's RetryPolicy retries.
/// </summary>
public sealed class CoreActivities(IReadOnlyDictionary<string, IWorkflowActivity> activities)
{
    public async Task<TResult> RunAsync<TResult>(string name, object input, CancellationToken ct)
    {
        if (!activities.TryGetValue(name, out var activity)) throw new InvalidOperationException($"no activity named {name}");
        try
        {
            return (TResult)(await activity.RunAsync(input, ct))!;
        }
        catch (Exception e) when (e is not OperationCanceledException && TransientFailures.IsTransient(e))
        {
            throw new TransientActivityException($"{name} failed with a transient error: {SecretRedactor.Redact(e.Message)}", e);
        }
    }
}
