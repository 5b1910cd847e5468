using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;
using Polly;
using Polly.Retry;

namespace Orchestrator.Core.Hosting;

/// <summary>
/// Runs workflows in-process: activities on the thread pool with at most <c>maxParallel</c> at once, transient
/// failures retried with backoff (Polly), inputs and outputs passed through JSON exactly as Durable would. Resume is
/// running again with the same instance id: the activities skip what is already sealed and loaded.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never hands out its wait handle, so it holds nothing to dispose.")]
public sealed class EmbeddedWorkflowHost(IReadOnlyDictionary<string, IWorkflowActivity> activities, int maxParallel,
    TimeProvider? clock = null)
{
    readonly SemaphoreSlim _slots = new(maxParallel, maxParallel);
    readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ConcurrentDictionary<string, object?> CustomStatus { get; } = new();

    readonly ConcurrentDictionary<(string Instance, string Name), TaskCompletionSource<object?>> _events = new();

    /// <summary>Delivers an event to a running (or future) instance, as Durable's RaiseEventAsync does.</summary>
    public void RaiseEvent(string instanceId, string name, object? payload) => Event(instanceId, name).TrySetResult(payload);

    TaskCompletionSource<object?> Event(string instanceId, string name) =>
        _events.GetOrAdd((instanceId, name), _ => new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<TResult> RunAsync<TResult>(string workflow, string instanceId, object input, CancellationToken ct = default)
    {
        var context = new Context(this, instanceId, ct);
        return (TResult)(await context.RunWorkflowAsync(workflow, input))!;
    }

    async Task<object?> RunActivityAsync(string name, object input, ActivityRetry? retry, CancellationToken ct)
    {
        if (!activities.TryGetValue(name, out var activity)) throw new InvalidOperationException($"no activity named {name}");
        var message = RoundTrip(input, activity.InputType);
        var pipeline = Pipeline(retry);
        await _slots.WaitAsync(ct);
        var attempts = 0;
        var started = _clock.GetTimestamp();
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await Task.Run(() => activity.RunAsync(message, token), token);
            }, ct);
        }
        catch (Exception e) when (attempts > 1 && e is not OperationCanceledException && TransientFailures.IsTransient(e))
        {
            throw ActivityFailedException.Exhausted(name, message, e, attempts, _clock.GetElapsedTime(started));
        }
        finally
        {
            _slots.Release();
        }
    }

    static ResiliencePipeline Pipeline(ActivityRetry? retry) => retry is null ? ResiliencePipeline.Empty :
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient),
            MaxRetryAttempts = retry.MaxAttempts - 1,
            Delay = retry.FirstDelay,
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = retry.MaxDelay,
            UseJitter = true,
            OnRetry = _ => { MigrationTelemetry.Retries.Add(1); return ValueTask.CompletedTask; },
        }).Build();

    // Messages cross activity boundaries as JSON in Durable; doing the same here keeps both hosts honest.
    static object RoundTrip(object value, Type type) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(value, value.GetType(), SpecLoader.JsonOptions), type, SpecLoader.JsonOptions)!;

    sealed class Context(EmbeddedWorkflowHost host, string instanceId, CancellationToken ct) : IWorkflowContext
    {
        public string InstanceId => instanceId;

        public DateTime CurrentUtcDateTime => host._clock.GetUtcNow().UtcDateTime;

        public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry? retry = null)
        {
            var output = await host.RunActivityAsync(name, input, retry, ct);
            return (TResult)RoundTrip(output!, typeof(TResult));
        }

        public async Task<TResult> CallSubWorkflowAsync<TResult>(string name, object input, string subInstanceId)
        {
            var output = await new Context(host, subInstanceId, ct).RunWorkflowAsync(name, input);
            return (TResult)RoundTrip(output!, typeof(TResult));
        }

        public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
        {
            var delay = fireAt - CurrentUtcDateTime;
            return delay > TimeSpan.Zero ? Task.Delay(delay, host._clock, cancellationToken) : Task.CompletedTask;
        }

        public void SetCustomStatus(object? status) => host.CustomStatus[instanceId] = status;

        public async Task<T> WaitForExternalEvent<T>(string name)
        {
            var payload = await host.Event(instanceId, name).Task;
            host._events.TryRemove((instanceId, name), out _);
            return payload is null ? default! : (T)RoundTrip(payload, typeof(T));
        }

        object? _continuedWith;

        public void ContinueAsNew(object input) => _continuedWith = input;

        /// <summary>Runs the workflow, and again with its new input each time it continues as new.</summary>
        public async Task<object?> RunWorkflowAsync(string name, object input)
        {
            if (!WorkflowCatalog.All.TryGetValue(name, out var entry)) throw new InvalidOperationException($"no workflow named {name}");
            while (true)
            {
                var output = await entry.Run(this, RoundTrip(input, entry.InputType));
                if (_continuedWith is null) return output;
                (input, _continuedWith) = (_continuedWith, null);
            }
        }
    }
}
