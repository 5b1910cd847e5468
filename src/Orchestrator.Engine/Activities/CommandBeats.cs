using System.Diagnostics;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Every database command that completes on an activity's flow is progress for its <see cref="ActivityPulse"/>: a
/// Discover of a large catalog or a Plan runs many short queries and moves no bytes through the pipeline. Heard from
/// the drivers' own instrumentation (Npgsql's ActivitySource, SqlClient's DiagnosticListener), so no dialect has to
/// beat by hand; ODP.NET has neither, and its dialect's steps beat only where they move rows.
/// </summary>
static class CommandBeats
{
    const string NpgsqlSource = "Npgsql", SqlClientListener = "SqlClientDiagnosticListener";
    static int s_listening;

    public static void Listen()
    {
        if (Interlocked.Exchange(ref s_listening, 1) == 1) return;
#pragma warning disable CA2000 // one listener for the process, registered once: it lives as long as the process
        ActivitySource.AddActivityListener(new ActivityListener
        {
            ShouldListenTo = source => source.Name == NpgsqlSource,
            // Created but not recorded: enough to hear it stop; exporters still see only what they sample themselves.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = _ => ActivityPulse.Beat(),
        });
#pragma warning restore CA2000
        DiagnosticListener.AllListeners.Subscribe(new Drivers());
    }

    sealed class Drivers : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == SqlClientListener)
                listener.Subscribe(this, name => name.EndsWith("WriteCommandAfter", StringComparison.Ordinal));
        }

        public void OnNext(KeyValuePair<string, object?> value) => ActivityPulse.Beat();
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
