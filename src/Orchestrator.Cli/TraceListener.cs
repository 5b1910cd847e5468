using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Cli;

/// <summary>
/// MIGRATOR_TRACE=1 prints every activity span (name, start, duration, tags) to stderr: where the time goes. At the
/// end it prints what the JIT compiled (CPU no span shows) and whether socket completions ran inline.
/// </summary>
static class TraceListener
{
    public static IDisposable? StartIfRequested()
    {
        if (Environment.GetEnvironmentVariable("MIGRATOR_TRACE") != "1") return null;
        var origin = DateTime.UtcNow;
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MigrationTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trace: {a.DisplayName,-18} +{(a.StartTimeUtc - origin).TotalSeconds,7:F2}s {a.Duration.TotalSeconds,7:F2}s " +
                    $"{string.Join(' ', a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}")),
        };
        ActivitySource.AddActivityListener(listener);
        return new Stopping(listener, origin);
    }

    sealed class Stopping(ActivityListener listener, DateTime origin) : IDisposable
    {
        public void Dispose()
        {
            listener.Dispose();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trace: {"Jit",-18} +{(DateTime.UtcNow - origin).TotalSeconds,7:F2}s {JitInfo.GetCompilationTime().TotalSeconds,7:F2}s " +
                $"methods={JitInfo.GetCompiledMethodCount()} ilBytes={JitInfo.GetCompiledILBytes()} " +
                $"{SocketCompletions.Switch}={Environment.GetEnvironmentVariable(SocketCompletions.Switch) ?? "unset"}"));
        }
    }
}
