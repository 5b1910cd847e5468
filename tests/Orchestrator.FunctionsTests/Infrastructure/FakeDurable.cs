using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Functions.Durable;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// A small stand-in for the Durable runtime: runs the app's [Function] orchestrators against a TaskOrchestrationContext
/// that dispatches activities to the app's activity functions (which call Core's real activities) and sub-orchestrations
/// to its orchestrator functions, with JSON between them and RetryPolicy honoured. Each instance records a history;
/// <see cref="ReplayAllAsync"/> then re-runs every instance from its history alone, as Durable does after each wake-up,
/// and fails on any call that differs.
/// </summary>
sealed class FakeDurable(object activityFunctions)
{
    static readonly Dictionary<string, MethodInfo> Functions = typeof(WorkflowFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.OrdinalIgnoreCase);

    readonly Dictionary<string, History> _histories = [];

    public IReadOnlyDictionary<string, History> Histories => _histories;

    public async Task<TResult> RunAsync<TResult>(string orchestrator, string instanceId, object input) =>
        Read<TResult>(await RunInstanceAsync(orchestrator, instanceId, Write(input), replay: null));

    public async Task ReplayAllAsync()
    {
        List<History> all;
        lock (_histories) all = _histories.Values.ToList();
        foreach (var history in all)
        {
            var output = await RunInstanceAsync(history.Orchestrator, history.InstanceId, history.InputJson, history);
            Assert.Equal(history.OutputJson, output);
            Assert.Equal(history.Events.Count, history.Replayed);
        }
    }

    Task<string> RunInstanceAsync(string orchestrator, string instanceId, string inputJson, History? replay)
    {
        var history = replay ?? new History(orchestrator, instanceId, inputJson, DateTime.UtcNow);
        if (replay is null) lock (_histories) _histories[instanceId] = history;
        FakeOrchestrationContext? context = null;
        return OrchestrationThread.RunAsync(async thread =>
        {
            context = new FakeOrchestrationContext(this, history, thread, replay is not null);
            var method = Functions[orchestrator];
            var output = await Result((Task)method.Invoke(null, [context])!);
            history.OutputJson ??= output;
            return output;
        }, replay is null ? null : () => context!.DeliverNext());
    }

    internal Task<string> StartActivityAsync(string name, string inputJson, RetryPolicy? retry) => Task.Run(async () =>
    {
        var method = Functions[name];
        var input = JsonSerializer.Deserialize(inputJson, method.GetParameters()[0].ParameterType, DurableJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Result((Task)method.Invoke(activityFunctions, [input, new FakeFunctionContext()])!);
            }
            catch (Exception e)
            {
                var failure = Failure(e is TargetInvocationException { InnerException: { } inner } ? inner : e);
                if (retry is not null && attempt < retry.MaxNumberOfAttempts && retry.HandleFailure(failure)) continue;
                throw new TaskFailedException(name, 0, failure);
            }
        }
    });

    internal Task<string> StartSubOrchestrationAsync(string name, string instanceId, string inputJson) =>
        Task.Run(() => RunInstanceAsync(name, instanceId, inputJson, replay: null));

    static TaskFailureDetails Failure(Exception e) =>
        new(e.GetType().FullName!, e.Message, e.StackTrace, e.InnerException is { } inner ? Failure(inner) : null);

    static async Task<string> Result(Task task)
    {
        await task;
        return Write(task.GetType().GetProperty("Result")!.GetValue(task));
    }

    internal static string Write(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), DurableJson.Options);

    internal static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, DurableJson.Options)!;

    /// <summary>What one instance did: each call it scheduled, and the order and time its results came back.</summary>
    internal sealed class History(string orchestrator, string instanceId, string inputJson, DateTime startedUtc)
    {
        public string Orchestrator { get; } = orchestrator;
        public string InstanceId { get; } = instanceId;
        public string InputJson { get; } = inputJson;
        public DateTime StartedUtc { get; } = startedUtc;
        public string? OutputJson { get; set; }
        public List<(string Name, string InputJson)> Events { get; } = [];
        public List<(int Sequence, DateTime AtUtc, string? ResultJson, TaskFailureDetails? Failure)> Completions { get; } = [];
        public int Replayed { get; set; }
        public object? CustomStatus { get; set; }
    }

    sealed class FakeFunctionContext : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString("N");
        public override IServiceProvider InstanceServices { get; set; } = null!;
    }

    sealed class FakeOrchestrationContext(FakeDurable durable, History history, OrchestrationThread thread, bool replaying) : TaskOrchestrationContext
    {
        readonly Dictionary<int, TaskCompletionSource<string>> _pending = [];
        int _next;
        int _delivered;
        DateTime _now = history.StartedUtc;

        public override TaskName Name => history.Orchestrator;
        public override string InstanceId => history.InstanceId;
        public override ParentOrchestrationInstance? Parent => null;
        public override DateTime CurrentUtcDateTime => _now;
        public override bool IsReplaying => replaying && _delivered < history.Completions.Count;
        protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public override T? GetInput<T>() where T : default => Read<T>(history.InputJson);

        public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
            Typed<TResult>(Schedule(name.Name, Write(input), () => durable.StartActivityAsync(name.Name, Write(input), options?.Retry?.Policy)));

        public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        {
            var id = (options as SubOrchestrationOptions)?.InstanceId ?? throw new InvalidOperationException("sub-orchestrations need an instance id");
            return Typed<TResult>(Schedule($"{orchestratorName.Name}@{id}", Write(input), () => durable.StartSubOrchestrationAsync(orchestratorName.Name, id, Write(input))));
        }

        public override void SetCustomStatus(object? customStatus) => history.CustomStatus = customStatus;

        public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();
        public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();
        public override Guid NewGuid() => throw new NotSupportedException();

        static async Task<TResult> Typed<TResult>(Task<string> json) => Read<TResult>(await json);

        Task<string> Schedule(string name, string inputJson, Func<Task<string>> start)
        {
            var sequence = _next++;
            var completion = new TaskCompletionSource<string>();
            _pending[sequence] = completion;
            if (replaying)
            {
                Assert.True(sequence < history.Events.Count, $"{history.InstanceId}: replay scheduled call #{sequence} ({name}) that the history does not have");
                Assert.Equal(history.Events[sequence], (name, inputJson));
                history.Replayed++;
                return completion.Task;
            }
            history.Events.Add((name, inputJson));
            start().ContinueWith(t => thread.Post(_ =>
            {
                var failure = t.Exception?.InnerException is TaskFailedException f ? f.FailureDetails : null;
                if (t.IsFaulted && failure is null) { completion.SetException(t.Exception!.InnerException!); return; }
                history.Completions.Add((sequence, DateTime.UtcNow, t.IsFaulted ? null : t.Result, failure));
                Complete(history.Completions[^1]);
            }, null), TaskScheduler.Default);
            return completion.Task;
        }

        /// <summary>Replay: hands the orchestrator the next completion its history recorded.</summary>
        public bool DeliverNext()
        {
            if (_delivered >= history.Completions.Count) return false;
            var next = history.Completions[_delivered];
            if (!_pending.ContainsKey(next.Sequence)) return false;
            Complete(next);
            return true;
        }

        void Complete((int Sequence, DateTime AtUtc, string? ResultJson, TaskFailureDetails? Failure) e)
        {
            _delivered++;
            _now = e.AtUtc;
            var completion = _pending[e.Sequence];
            if (e.Failure is not null) completion.SetException(new TaskFailedException(history.Events[e.Sequence].Name, e.Sequence, e.Failure));
            else completion.SetResult(e.ResultJson!);
        }
    }
}
