using System.Text.Json;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Workflow;

/// <summary>
/// A workflow context for replay tests, with one history per instance as Durable keeps them. Recording: answers
/// activities from a script and logs every call with its JSON input and output (a sub-workflow runs as its own
/// instance). Replaying: answers from the instance's history and fails on any call that differs.
/// </summary>
sealed class ScriptedContext : IWorkflowContext
{
    public sealed record Call(string Kind, string Name, string Input, string Output);

    readonly Func<string, object, object>? _script;
    readonly Queue<Call>? _replay;
    readonly Dictionary<string, List<Call>> _histories;
    readonly DateTime _now;

    ScriptedContext(
        string instanceId, Func<string, object, object>? script, Queue<Call>? replay, Dictionary<string, List<Call>> histories,
        DateTime now)
    {
        (InstanceId, _script, _replay, _histories, _now) = (instanceId, script, replay, histories, now);
        // Tests that delay calls (Task.Delay) run sub-workflows on several threads at once: the shared histories are locked.
        lock (_histories) _histories[instanceId] = [];
    }

    public static ScriptedContext Recording(string instanceId, Func<string, object, object> script, DateTime now) =>
        new(instanceId, script, null, [], now);

    public static ScriptedContext Replaying(string instanceId, IEnumerable<Call> history, DateTime now) =>
        new(instanceId, null, new Queue<Call>(history), [], now);

    /// <summary>Every instance's history, the parent's and each sub-workflow's.</summary>
    public IReadOnlyDictionary<string, List<Call>> Histories => _histories;
    public IReadOnlyList<Call> Log => _histories[InstanceId];
    public IEnumerable<Call> AllCalls => _histories.Values.SelectMany(h => h);
    public List<object?> Statuses { get; } = [];
    public string InstanceId { get; }
    public DateTime CurrentUtcDateTime => _now;

    public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry? retry = null) =>
        Task.FromResult(Answer<TResult>("activity", name, input, () => _script!(name, input)));

    public async Task<TResult> CallSubWorkflowAsync<TResult>(string name, object input, string instanceId)
    {
        if (_replay is not null) return Answer<TResult>("workflow:" + instanceId, name, input, () => throw new InvalidOperationException());
        var child = new ScriptedContext(instanceId, _script, null, _histories, _now);
        var output = await WorkflowCatalog.All[name].Run(child, input);
        return Answer<TResult>("workflow:" + instanceId, name, input, () => output!);
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public void SetCustomStatus(object? status) => Statuses.Add(status);

    /// <summary>Events delivered at once when a workflow waits for them; any other never comes.</summary>
    public Dictionary<string, object> Events { get; } = [];
    public object? ContinuedWith { get; private set; }

    public Task<T> WaitForExternalEvent<T>(string name) =>
        Events.TryGetValue(name, out var raised) ? Task.FromResult((T)raised) : new TaskCompletionSource<T>().Task;

    public void ContinueAsNew(object input) => ContinuedWith = input;

    TResult Answer<TResult>(string kind, string name, object input, Func<object> produce)
    {
        var inputJson = Json(input);
        if (_replay is not null)
        {
            if (!_replay.TryDequeue(out var expected))
                throw new InvalidOperationException($"replay made an extra call: {kind} {name}");
            if (expected.Kind != kind || expected.Name != name || expected.Input != inputJson)
                throw new InvalidOperationException($"replay diverged: expected {expected.Kind} {expected.Name}, got {kind} {name}");
            lock (_histories) _histories[InstanceId].Add(expected);
            return JsonSerializer.Deserialize<TResult>(expected.Output, SpecLoader.JsonOptions)!;
        }
        var outputJson = Json(produce());
        lock (_histories) _histories[InstanceId].Add(new Call(kind, name, inputJson, outputJson));
        return JsonSerializer.Deserialize<TResult>(outputJson, SpecLoader.JsonOptions)!;
    }

    static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), SpecLoader.JsonOptions);
}
