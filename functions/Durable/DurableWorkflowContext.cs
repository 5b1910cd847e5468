using Microsoft.DurableTask;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Durable;

/// <summary>Core's workflow context over Durable's TaskOrchestrationContext: the whole adaptation, call for call.</summary>
public sealed class DurableWorkflowContext(TaskOrchestrationContext context) : IWorkflowContext
{
    public string InstanceId => context.InstanceId;

    public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

    public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry? retry = null) =>
        context.CallActivityAsync<TResult>(name, input, retry is null ? null : Options(retry));

    public Task<TResult> CallSubWorkflowAsync<TResult>(string name, object input, string instanceId) =>
        context.CallSubOrchestratorAsync<TResult>(name, input, new SubOrchestrationOptions(instanceId: instanceId));

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => context.CreateTimer(fireAt, cancellationToken);

    public void SetCustomStatus(object? status) => context.SetCustomStatus(status);

    public static TaskOptions Options(ActivityRetry retry) => TaskOptions.FromRetryPolicy(Policy(retry));

    /// <summary>Durable retries only what Core classifies as transient; activities report that as TransientActivityException.</summary>
    public static RetryPolicy Policy(ActivityRetry retry) =>
        new(retry.MaxAttempts, retry.FirstDelay, retry.Backoff, retry.MaxDelay) { HandleFailure = IsTransient };

    /// <summary>
    /// Only a TransientActivityException is retried; the worker wraps it in its own FunctionException. A failure Core
    /// did not call transient (a full disk inside a StagingFailedException, say) fails at once, whatever it wraps.
    /// </summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        for (TaskFailureDetails? f = failure; f is not null; f = f.InnerFailure)
        {
            if (f.ErrorType == typeof(TransientActivityException).FullName) return true;
            if (!f.ErrorType.StartsWith("Microsoft.Azure.Functions.Worker.", StringComparison.Ordinal)) return false;
        }
        return false;
    }
}
