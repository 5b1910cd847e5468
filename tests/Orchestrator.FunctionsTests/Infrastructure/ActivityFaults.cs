using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Workflow;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// Core's activities with failures injected where Core's own code would throw them: the first <c>times</c> runs of
/// an activity in a migration throw the given error, later runs do their work. Counts every run.
/// </summary>
sealed class ActivityFaults
{
    readonly ConcurrentDictionary<(string Migration, string Activity), int> _runs = new();
    readonly ConcurrentDictionary<(string Migration, string Activity), (int Times, Func<Exception> Error)> _faults = new();

    public void Fail(string migrationId, string activity, int times, Func<Exception> error) =>
        _faults[(migrationId, activity)] = (times, error);

    public int Runs(string migrationId, string activity) => _runs.GetValueOrDefault((migrationId, activity));

    /// <summary>Replaces the app's activity catalog with the same activities behind these faults.</summary>
    public void Install(IServiceCollection services) => services.AddSingleton<IReadOnlyDictionary<string, IWorkflowActivity>>(sp =>
        ActivityCatalog.Create(sp.GetRequiredService<MigrationServices>())
            .ToDictionary(a => a.Key, a => (IWorkflowActivity)new Faulty(a.Value, this)));

    sealed class Faulty(IWorkflowActivity inner, ActivityFaults faults) : IWorkflowActivity
    {
        public string Name => inner.Name;
        public Type InputType => inner.InputType;

        public Task<object?> RunAsync(object input, CancellationToken ct)
        {
            var key = (((IMigrationMessage)input).MigrationId, Name);
            var run = faults._runs.AddOrUpdate(key, 1, (_, n) => n + 1);
            return faults._faults.TryGetValue(key, out var fault) && run <= fault.Times
                ? Task.FromException<object?>(fault.Error())
                : inner.RunAsync(input, ct);
        }
    }
}
