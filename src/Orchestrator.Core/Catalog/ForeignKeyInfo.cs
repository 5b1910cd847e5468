namespace Orchestrator.Core.Catalog;

/// <summary>A foreign key: its columns, and the table and columns they reference, by name.</summary>
public sealed record ForeignKeyInfo(string Name, IReadOnlyList<string> Columns, TableName References,
    IReadOnlyList<string> ReferencedColumns)
{
    public ReferentialAction OnDelete { get; init; }
    public ReferentialAction OnUpdate { get; init; }
    /// <summary>MATCH FULL: a key with some null columns must be all null (the default, MATCH SIMPLE, lets it pass).</summary>
    public bool MatchFull { get; init; }
    public Deferral Deferral { get; init; }
}

public enum ReferentialAction { NoAction, Restrict, Cascade, SetNull, SetDefault }
