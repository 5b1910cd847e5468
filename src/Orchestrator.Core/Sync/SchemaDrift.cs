namespace Orchestrator.Core.Sync;

/// <summary>A source table whose columns are no longer the catalog's: what differs, and the error that stops the sync.</summary>
public static class SchemaDrift
{
    /// <summary>What differs between the columns a table has now and the ones the sync applies; null when nothing does.</summary>
    public static string? Difference(SyncTable table, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) return "the table is gone";
        if (columns.FirstOrDefault(c => table.ColumnIndex(c) < 0) is { } added) return $"column {added} was added";
        if (table.Columns.FirstOrDefault(c => !columns.Contains(c.SourceName)) is { } dropped)
            return $"column {dropped.SourceName} was dropped or renamed";
        return null;
    }

    public static SchemaChangedException Changed(SyncTable table, string difference, string when) =>
        new($"sync stopped: source table {table.Source} changed {when}: {difference}. Every transaction before the change is applied, " +
            "nothing of the one that made it. Make the same change to the target table and migrate the table again, or revert it at the " +
            "source, then resume with migrator sync");
}
