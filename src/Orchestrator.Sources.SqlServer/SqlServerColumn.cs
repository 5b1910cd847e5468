namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// A column as SQL Server describes it (sys.columns with its base system type): what the mapping and the row encoder
/// need, kept inside the dialect so Core's catalog holds only target-side facts.
/// </summary>
public sealed record SqlServerColumn
{
    public required string Name { get; init; }
    /// <summary>The base system type (sys.types name for system_type_id), lower case: user types are resolved to it.</summary>
    public required string SourceType { get; init; }
    /// <summary>sys.columns.max_length: bytes, -1 for (max).</summary>
    public short MaxLength { get; init; }
    public byte Precision { get; init; }
    public byte Scale { get; init; }
    public string? Collation { get; init; }
    public bool Nullable { get; init; } = true;
    public bool IsIdentity { get; init; }
    public string? ComputedDefinition { get; init; }
    public string? DefaultDefinition { get; init; }
    /// <summary>The user-defined type's name when the column uses one (e.g. a CLR type or an alias type).</summary>
    public string? UserType { get; init; }
    /// <summary>The MS_Description extended property.</summary>
    public string? Comment { get; init; }

    public bool IsMax => MaxLength == -1;
}
