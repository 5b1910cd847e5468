namespace Orchestrator.Core.Workflow;

/// <summary>
/// What workflow code may touch: the small surface of TaskOrchestrationContext it needs. Workflow code is
/// deterministic: no clock but <see cref="CurrentUtcDateTime"/>, no I/O, no randomness; hosts adapt this
/// (in-process for the command line, Durable Functions in Azure).
/// </summary>
public interface IWorkflowContext
{
    string InstanceId { get; }

    DateTime CurrentUtcDateTime { get; }

    Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry? retry = null);

    Task<TResult> CallSubWorkflowAsync<TResult>(string name, object input, string instanceId);

    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    void SetCustomStatus(object? status);

    /// <summary>Completes when the host delivers an event of this name to this instance (Durable: RaiseEventAsync).</summary>
    Task<T> WaitForExternalEvent<T>(string name);

    /// <summary>Ends this run and starts the workflow again with <paramref name="input"/>, history cleared (an eternal workflow).</summary>
    void ContinueAsNew(object input);
}

/// <summary>How an activity is retried when it fails with an error Core classifies as transient.</summary>
public sealed record ActivityRetry(int MaxAttempts, TimeSpan FirstDelay, double Backoff = 2.0, TimeSpan? MaxDelay = null)
{
    public static ActivityRetry Default { get; } = new(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1));
}
