namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>A partitioned table's layout: the function's column and side, its boundary values (typed), rows per partition.</summary>
public sealed record SqlServerPartitioning(string Function, bool RangeRight, string Column, IReadOnlyList<object> Boundaries,
    IReadOnlyList<long> RowsPerPartition);
