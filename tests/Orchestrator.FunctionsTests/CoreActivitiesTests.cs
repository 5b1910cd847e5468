using Microsoft.Extensions.Logging;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions.Durable;
using Orchestrator.Core.Sources;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// How activity functions report failures: transient ones under the name the RetryPolicy retries, and every log line scoped to the
/// migration id, with no secret.
/// </summary>
public class CoreActivitiesTests
{
    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "blob", "connection": "Staging", "container": "staging" } }
        """, SourceDialects.Traits);

    sealed class Failing(Exception error) : IWorkflowActivity
    {
        public string Name => ActivityNames.Discover;
        public Type InputType => typeof(MigrationWork);
        public Task<object?> RunAsync(object input, CancellationToken ct) => Task.FromException<object?>(error);
    }

    sealed class CapturingLogger : ILogger<CoreActivities>
    {
        readonly Stack<object> _scopes = new();
        public List<(LogLevel Level, string Message, object[] Scopes)> Entries { get; } = [];
        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            _scopes.Push(state);
            return new Pop(_scopes);
        }
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), _scopes.ToArray()));
        sealed class Pop(Stack<object> scopes) : IDisposable { public void Dispose() => scopes.Pop(); }
    }

    static async Task<(Exception Thrown, CapturingLogger Log)> Run(Exception error)
    {
        var log = new CapturingLogger();
        var activities = new CoreActivities(new Dictionary<string, IWorkflowActivity> { [ActivityNames.Discover] = new Failing(error) },
            log);
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => activities.RunAsync<DiscoverResult>(ActivityNames.Discover,
            new MigrationWork("mig-42", Spec), CancellationToken.None));
        return (thrown, log);
    }

    [Fact]
    public async Task Transient_failures_leave_as_TransientActivityException_and_are_logged_with_the_migration_id()
    {
        var (thrown, log) = await Run(new TimeoutException("server at Host=db;Password=hunter2 timed out"));
        Assert.IsType<TransientActivityException>(thrown);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains(entry.Scopes.OfType<IReadOnlyDictionary<string, object>>(), s => (string)s["migration.id"] == "mig-42");
        Assert.DoesNotContain("hunter2", entry.Message + thrown.Message);
    }

    [Fact]
    public async Task Permanent_failures_keep_their_type_and_are_logged_as_errors()
    {
        var (thrown, log) = await Run(new SpecException("tables.include: no table matches"));
        Assert.IsType<SpecException>(thrown);
        Assert.Equal(LogLevel.Error, Assert.Single(log.Entries).Level);
    }
}
