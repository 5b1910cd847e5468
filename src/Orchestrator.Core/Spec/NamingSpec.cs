namespace Orchestrator.Core.Spec;

/// <summary>How source names become target names: target.identifierCase.</summary>
public static class IdentifierCase
{
    /// <summary>Fold to lower case: what unquoted PostgreSQL names are, so the target can be queried without quotes.</summary>
    public const string Lower = "lower";
    /// <summary>Keep the source's spelling exactly (PostgreSQL sources always do).</summary>
    public const string Preserve = "preserve";

    public static readonly IReadOnlyList<string> Choices = [Lower, Preserve];

    /// <summary>The spec's choice, else preserve for a source that keeps its names (PostgreSQL), else lower.</summary>
    public static string Resolve(MigrationSpec spec, Sources.SourceTraits source) =>
        spec.Target.IdentifierCase ?? (source.KeepsNames ? Preserve : Lower);
}

/// <summary>
/// One entry of the spec's overrides array: a table's target schema and name, and per column a target name and type.
/// <c>{ "table": "dbo.Orders", "name": "orders", "columns": { "Total": { "name": "total", "type": "numeric(12,2)" } } }</c>
/// </summary>
public sealed record TableOverride
{
    /// <summary>The source table as the source spells it: schema.table.</summary>
    public required string Table { get; init; }
    public string? Schema { get; init; }
    public string? Name { get; init; }
    /// <summary>By the source's column name.</summary>
    public IReadOnlyDictionary<string, ColumnOverride> Columns { get; init; } = new Dictionary<string, ColumnOverride>();
}

public sealed record ColumnOverride
{
    public string? Name { get; init; }
    /// <summary>A PostgreSQL type; a source that cannot deliver it refuses the override before anything is loaded.</summary>
    public string? Type { get; init; }
}
