namespace Orchestrator.Core.Catalog;

/// <summary>A schema-qualified table name, exactly as the database spells it (no folding, no quoting).</summary>
public sealed record TableName(string Schema, string Name)
{
    public override string ToString() => $"{Schema}.{Name}";
}
