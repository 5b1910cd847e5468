using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>Source-side facts about a table that Core's catalog does not carry: for the assessment and the notes of a run.</summary>
public sealed record SqlServerTableFacts
{
    public required TableName Name { get; init; }
    public int ObjectId { get; init; }
    public long Rows { get; init; }
    public long TotalPages { get; init; }
    public bool ChangeTracked { get; init; }
    public bool CdcTracked { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<SqlServerColumn> Columns { get; init; } = [];
    public IEnumerable<string> LobColumns => Columns.Where(SqlServerTypeMapping.IsLob).Select(c => c.Name);
    /// <summary>
    /// What Discover could not carry over (untranslated defaults, checks, filtered indexes, computed columns copied as values).
    /// </summary>
    public List<ConversionFinding> Findings { get; init; } = [];
}
