using System.Diagnostics;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Core.Activities;

/// <summary>An activity as hosts see it: a name, an input type, and a run. Activities run at least once: each is idempotent.</summary>
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
        if (input is Workflow.IMigrationMessage message) span?.SetTag("migration.id", message.MigrationId);
        try
        {
            return await RunAsync((TInput)input, span, ct);
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
