using Microsoft.Extensions.Logging;

// Microsoft.DurableTask.Abstractions: the orchestration side. Signatures as in durabletask-dotnet v1.12-v1.25.
namespace Microsoft.DurableTask;

public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }
    public abstract string InstanceId { get; }
    public abstract ParentOrchestrationInstance? Parent { get; }
    public abstract DateTime CurrentUtcDateTime { get; }
    public abstract bool IsReplaying { get; }
    protected abstract ILoggerFactory LoggerFactory { get; }
    public abstract T? GetInput<T>();
    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);
    public abstract void SendEvent(string instanceId, string eventName, object payload);
    public abstract void SetCustomStatus(object? customStatus);
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);
    public abstract Guid NewGuid();
}

public record ParentOrchestrationInstance(TaskName Name, string InstanceId);

public readonly struct TaskName : IEquatable<TaskName>
{
    public TaskName(string name) => Name = name;
    public string Name { get; }
    public static implicit operator string(TaskName value) => value.Name;
    public static implicit operator TaskName(string value) => new(value);
    public bool Equals(TaskName other) => StringComparer.OrdinalIgnoreCase.Equals(Name, other.Name);
    public override bool Equals(object? obj) => obj is TaskName other && Equals(other);
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name ?? "");
    public override string ToString() => Name;
}

public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null)
    {
        Retry = retry;
        Tags = tags;
    }

    public TaskRetryOptions? Retry { get; init; }
    public IDictionary<string, string>? Tags { get; init; }
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this, instanceId);
}

public record SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null) : base(retry) => InstanceId = instanceId;
    public SubOrchestrationOptions(TaskOptions options, string? instanceId = null) : base(options) => InstanceId = instanceId;
    public string? InstanceId { get; init; }
}

public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

public class RetryPolicy
{
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        // The real constructor's argument checks, so a policy that fails in Azure fails here too.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxNumberOfAttempts, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        if (maxRetryInterval < firstRetryInterval) throw new ArgumentOutOfRangeException(nameof(maxRetryInterval));
        if (retryTimeout < firstRetryInterval) throw new ArgumentOutOfRangeException(nameof(retryTimeout));
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }
    public TimeSpan FirstRetryInterval { get; }
    public double BackoffCoefficient { get; }
    public TimeSpan MaxRetryInterval { get; }
    public TimeSpan RetryTimeout { get; }
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = _ => true;
}

public sealed class TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy) => Policy = policy;
    public RetryPolicy? Policy { get; }
    public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);
}

public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public string TaskName { get; }
    public int TaskId { get; }
    public TaskFailureDetails FailureDetails { get; }
}

public record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    public bool IsCausedBy<T>() where T : Exception => ErrorType == typeof(T).FullName;
}
