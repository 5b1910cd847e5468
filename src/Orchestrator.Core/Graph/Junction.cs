using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Graph;

/// <summary>A junction table: exactly two foreign keys, linking two tables (or one to itself) many to many, plus columns.</summary>
public static class Junction
{
    /// <summary>
    /// The two foreign keys of a table that has exactly two, the one whose columns come first in the table first
    /// (encounter_diagnosis (encounter_id, code): encounter, then diagnosis); null otherwise.
    /// </summary>
    public static (ForeignKeyInfo First, ForeignKeyInfo Second)? Links(TableInfo table)
    {
        if (table.ForeignKeys is not [var a, var b]) return null;
        int Position(ForeignKeyInfo fk) => fk.Columns.Min(c => table.Columns.ToList().FindIndex(col => col.Name == c));
        return Position(b) < Position(a) ? (b, a) : (a, b);
    }

    /// <summary>
    /// A junction in the classic sense, as the assessment counts them: two foreign keys whose columns together are the
    /// primary key or a unique key, so that each pair of rows is linked at most once.
    /// </summary>
    public static bool IsManyToMany(TableInfo table)
    {
        if (Links(table) is not var (first, second)) return false;
        var linked = first.Columns.Concat(second.Columns).ToHashSet(StringComparer.Ordinal);
        return new[] { table.PrimaryKey }.Concat(table.UniqueKeys).OfType<KeyInfo>()
            .Any(k => k.Columns.ToHashSet(StringComparer.Ordinal).SetEquals(linked));
    }
}
