using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestrator.Core.Telemetry;

/// <summary>The one ActivitySource and Meter of the engine; hosts subscribe to "Orchestrator" for traces and metrics.</summary>
public static class MigrationTelemetry
{
    public const string Name = "Orchestrator";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsCopied = Meter.CreateCounter<long>("migrator.rows_copied", "rows");
    public static readonly Counter<long> BytesStaged = Meter.CreateCounter<long>("migrator.bytes_staged", "By");
    public static readonly Histogram<double> ChunkDuration = Meter.CreateHistogram<double>("migrator.chunk_duration", "s");
    public static readonly Counter<long> Rejects = Meter.CreateCounter<long>("migrator.rejects", "rows");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("migrator.retries");
    /// <summary>Sync: changes applied; the lag of each batch (source commit to target commit); each batch's apply rate.</summary>
    public static readonly Counter<long> ChangesApplied = Meter.CreateCounter<long>("migrator.sync.changes_applied", "changes");
    public static readonly Histogram<double> SyncLag = Meter.CreateHistogram<double>("migrator.sync.lag", "s");
    public static readonly Histogram<double> ApplyRate = Meter.CreateHistogram<double>("migrator.sync.apply_rate", "changes/s");
    /// <summary>Rows a live comparison read, per side (tag side: source or target).</summary>
    public static readonly Counter<long> RowsCompared = Meter.CreateCounter<long>("migrator.compare.rows", "rows");
    /// <summary>
    /// Rows a live comparison confirmed as different after its settle delay (tag kind: missing, extra, different, unlisted).
    /// </summary>
    public static readonly Counter<long> Differences = Meter.CreateCounter<long>("migrator.compare.differences", "rows");
}
