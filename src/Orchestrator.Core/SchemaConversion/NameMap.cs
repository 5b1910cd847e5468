using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>Source names to target names: tables, each table's columns, sequences. A name not in a map is unchanged.</summary>
public sealed class NameMap
{
    public Dictionary<TableName, TableName> Tables { get; } = [];
    public Dictionary<TableName, Dictionary<string, string>> Columns { get; } = [];
    public Dictionary<TableName, TableName> Sequences { get; } = [];

    public IReadOnlyDictionary<string, string> ColumnsOf(TableName sourceTable) =>
        Columns.TryGetValue(sourceTable, out var map) ? map : Empty;

    public TableName Table(TableName source) => Tables.GetValueOrDefault(source, source);

    static readonly Dictionary<string, string> Empty = [];
}
