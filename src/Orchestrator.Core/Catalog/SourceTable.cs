namespace Orchestrator.Core.Catalog;

/// <summary>
/// The table as the source holds it, where the target differs (a table or column renamed, a column's type overridden
/// or reshaped by a rule): the source's name and every column of it, each with the target column it fills. A table
/// whose target is the source as it is has none (<see cref="TableInfo.Source"/> is null).
/// </summary>
public sealed record SourceTable(TableName Name, IReadOnlyList<SourceColumn> Columns)
{
    /// <summary>The source column that fills the target's column <paramref name="target"/>, or null.</summary>
    public SourceColumn? Filling(string target) => Columns.FirstOrDefault(c => c.Target == target);

    /// <summary>The table's own columns as they are now, before anything renames or retypes them.</summary>
    public static SourceTable Of(TableInfo table) =>
        new(table.Name, table.Columns.Select(c => new SourceColumn(c.Name, c.DataType, c.Name)).ToList());
}

/// <summary>
/// A source column: its name at the source, the PostgreSQL type its reader delivers, and the target column it fills.
/// </summary>
public sealed record SourceColumn(string Name, string DataType, string Target);
