namespace Orchestrator.Core.Catalog;

/// <summary>
/// An index that is not the backing index of a key: its keys, included columns and predicate, by name. A PostgreSQL
/// source's index whose keys are expressions keeps the source's own CREATE INDEX instead (<see cref="Definition"/>,
/// no <see cref="Keys"/>): pg_get_indexdef spells expression keys, operator classes and collations together, and no
/// other dialect reads such an index.
/// </summary>
public sealed record IndexInfo(string Name, bool IsUnique, IReadOnlyList<IndexKey> Keys)
{
    /// <summary>The access method (btree, gin, hnsw); null for the target's default.</summary>
    public string? Method { get; init; }
    public IReadOnlyList<string> Included { get; init; } = [];
    public bool NullsNotDistinct { get; init; }
    /// <summary>Storage parameters, each "name=value" (WITH (lists=100)).</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];
    /// <summary>A partial index's condition: PostgreSQL text over the source's column names.</summary>
    public string? Predicate { get; init; }
    /// <summary>A PostgreSQL source's own CREATE INDEX statement, set only when its keys are expressions.</summary>
    public string? Definition { get; init; }
}

/// <summary>One key of an index: a column, or an expression (PostgreSQL text over the source's column names).</summary>
public sealed record IndexKey(string? Column, string? Expression = null)
{
    public bool Descending { get; init; }
    /// <summary>Null for the direction's default (nulls last ascending, first descending).</summary>
    public bool? NullsFirst { get; init; }
    /// <summary>A collation other than the column's, as the DDL spells it.</summary>
    public string? Collation { get; init; }
    /// <summary>An operator class other than the type's default, as the DDL spells it.</summary>
    public string? OperatorClass { get; init; }
}
