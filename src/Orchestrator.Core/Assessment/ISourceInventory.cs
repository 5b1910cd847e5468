using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment;

/// <summary>
/// What the assessment asks a source beyond its catalog: the objects that are not data, the heaviest queries of its
/// plan cache, and what the values of each column look like. One implementation per dialect, next to its dialect.
/// </summary>
public interface ISourceInventory
{
    Task<IReadOnlyList<SourceObject>> ReadObjectsAsync(CancellationToken ct = default);

    /// <summary>The heaviest statements by total time; not available (with the reason) when the plan cache cannot be read.</summary>
    Task<HeavyQueryReading> ReadHeavyQueriesAsync(int top, CancellationToken ct = default);

    /// <summary>
    /// Per column: source type, value sizes and shapes; exact when <paramref name="scan"/> reads every row, else estimated.
    /// </summary>
    Task<IReadOnlyList<ColumnProfile>> ProfileAsync(TableInfo table, bool scan, CancellationToken ct = default);

    /// <summary>The optional probes the server refused so far (agent jobs, the plan cache), with the fallback taken.</summary>
    IReadOnlyList<UnavailableProbe> UnavailableProbes => [];
}
