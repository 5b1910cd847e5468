using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// What the engine's Meter reports of one migration's live comparisons, summed: rows read per side and confirmed
/// differences per kind (the measurements hosts export to Application Insights). Other tests' ids are left out.
/// </summary>
sealed class CompareMetrics : IDisposable
{
    readonly MeterListener _listener = new();

    public ConcurrentDictionary<string, long> Rows { get; } = new();
    public ConcurrentDictionary<string, long> Differences { get; } = new();

    public CompareMetrics(string migrationId)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument == MigrationTelemetry.RowsCompared || instrument == MigrationTelemetry.Differences)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? id = null, detail = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "migration.id") id = tag.Value as string;
                else if (tag.Key is "side" or "kind") detail = tag.Value as string;
            }
            if (id != migrationId || detail is null) return;
            (instrument == MigrationTelemetry.Differences ? Differences : Rows).AddOrUpdate(detail, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();
}
