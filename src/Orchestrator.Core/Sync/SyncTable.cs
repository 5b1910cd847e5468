using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sync;

/// <summary>One column as changes carry it: the name and type the feed reads, the name and type the applier writes.</summary>
public sealed record SyncColumn(string SourceName, string TargetName, string SourceType, string TargetType)
{
    /// <summary>The value changes on the way (a type override that converts), so it is cast to the source type first.</summary>
    public bool Converted { get; init; }
}

/// <summary>
/// A table whose changes are applied: where they come from, where they go, its columns in the order every
/// <see cref="RowChange"/> of it uses, and its key (indexes into <see cref="Columns"/>).
/// </summary>
public sealed record SyncTable
{
    public required TableName Source { get; init; }
    public required TableName Target { get; init; }
    public required IReadOnlyList<SyncColumn> Columns { get; init; }
    public required IReadOnlyList<int> Key { get; init; }
    /// <summary>The catalog's table (target names), for the spec's rules; null when applying without rules (reverse).</summary>
    public TableInfo? Rules { get; init; }
    /// <summary>Tables this one references (target names): applied after them, deleted from before them.</summary>
    public IReadOnlyList<TableName> References { get; init; } = [];

    public bool Reshapes => Rules is not null && Rules.Columns.Any(c => c.Rule is { TimeSeries: null });

    public int ColumnIndex(string sourceName)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i].SourceName == sourceName) return i;
        return -1;
    }
}
