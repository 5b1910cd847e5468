// Microsoft.DurableTask.Client: the client side the HTTP and timer functions use.
namespace Microsoft.DurableTask.Client;

public abstract class DurableTaskClient : IAsyncDisposable
{
    protected DurableTaskClient(string name) => Name = name;

    public virtual string Name { get; }

    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => throw new NotSupportedException("offline reference surface");

    public virtual Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => throw new NotSupportedException("offline reference surface");

    public abstract ValueTask DisposeAsync();
}

// Parameter names differ between releases (Output/output): callers pass them by position.
public record TerminateInstanceOptions(object? Output = null, bool Recursive = false);

public sealed class OrchestrationMetadata
{
    public OrchestrationMetadata(string name, string instanceId)
    {
        Name = name;
        InstanceId = instanceId;
    }

    public string Name { get; }
    public string InstanceId { get; }
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public string? SerializedInput { get; init; }
    public string? SerializedOutput { get; init; }
    public string? SerializedCustomStatus { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }
    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;
    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}

public enum OrchestrationRuntimeStatus { Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Pending, Suspended }
