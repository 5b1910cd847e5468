using System.Diagnostics;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Core.Activities;

/// <summary>
/// An activity as hosts see it: a name, an input type, and a run. Activities run at least once: each is idempotent.
/// Each run is watched (<see cref="StallWatchdog"/>): one that stops making progress fails instead of hanging.
/// </summary>
public interface IWorkflowActivity
{
    string Name { get; }
    Type InputType { get; }
    Task<object?> RunAsync(object input, CancellationToken ct);
}

public abstract class WorkflowActivity<TInput, TOutput> : IWorkflowActivity where TInput : class
{
    public abstract string Name { get; }
    public Type InputType => typeof(TInput);

    public async Task<object?> RunAsync(object input, CancellationToken ct)
    {
        using var span = MigrationTelemetry.Source.StartActivity(Name, ActivityKind.Internal);
        var message = input as Workflow.IMigrationMessage;
        if (message is not null) span?.SetTag("migration.id", message.MigrationId);
        var watchdog = new StallWatchdog(TimeSpan.FromSeconds(message?.Spec.Watchdog.StallSeconds ?? new Spec.WatchdogSpec().StallSeconds));
        try
        {
            return await watchdog.RunAsync(Name, ActivityFailedException.Where(input), token => RunAsync((TInput)input, span, token), ct);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            if (e is OperationCanceledException || Workflow.TransientFailures.IsTransient(e)) throw;
            if (ActivityFailedException.Locate(Name, input, e) is { } located) throw located;
            throw;
        }
    }

    protected abstract Task<TOutput> RunAsync(TInput input, Activity? span, CancellationToken ct);
}
