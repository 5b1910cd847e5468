using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sync;

/// <summary>The tables a migration syncs, from its frozen catalog; the ones that cannot be synced are refused by name.</summary>
public static class SyncTables
{
    /// <summary>The key changes are applied by: the primary key (a partition's comes from its root); null when there is none.</summary>
    public static IReadOnlyList<string>? KeyOf(TableInfo table) => (table.PrimaryKey ?? table.InheritedKey)?.Columns;

    /// <summary>Tables that hold rows but have no key: they can be loaded, not synced.</summary>
    public static IReadOnlyList<TableInfo> Keyless(SourceCatalog catalog, TableSelection? selection = null) =>
        Synced(catalog, selection).Where(t => KeyOf(t) is null).ToList();

    /// <summary>
    /// The catalog's tables that hold rows, less those the spec excludes now (by their source name or their partitioned
    /// parent's): a table loaded once can be left out of the sync by adding it to tables.exclude.
    /// </summary>
    static IEnumerable<TableInfo> Synced(SourceCatalog catalog, TableSelection? selection)
    {
        var sourceNames = catalog.Tables.ToDictionary(t => t.Name, t => t.SourceTableName);
        bool Excluded(TableName name) => selection?.Exclude.Any(p => new TablePattern(p).Matches(name.Schema, name.Name)) == true;
        return catalog.Tables.Where(t => t.HoldsRows && !Excluded(t.SourceTableName)
            && !(t.PartitionOf is { } p && Excluded(sourceNames.GetValueOrDefault(p.Parent, p.Parent))));
    }

    /// <summary>Source to target, with the spec's rules; throws naming every table that cannot be synced and why.</summary>
    public static IReadOnlyList<SyncTable> Forward(SourceCatalog catalog, TableSelection? selection = null)
    {
        CheckSyncable(catalog, selection, reverse: false);
        return Synced(catalog, selection).Select(table =>
        {
            var columns = table.CopiedColumns.Select(c => new SyncColumn(table.SourceOf(c).Name, c.Name,
                table.SourceOf(c).DataType, c.DataType) { Converted = c.Rule is null && SourceTerms.Converted(table, c) }).ToList();
            return new SyncTable
            {
                Source = table.SourceTableName, Target = table.Name, Columns = columns,
                Key = KeyIndexes(columns, KeyOf(table)!, c => c.TargetName),
                Rules = table, References = table.ForeignKeys.Select(f => f.References).ToList(),
            };
        }).ToList();
    }

    /// <summary>
    /// The new database back to the legacy one (after cutover, for a rollback that loses nothing): target names become
    /// the source's, and a value a rule reshaped cannot be turned back, so such tables are refused.
    /// </summary>
    public static IReadOnlyList<SyncTable> Reverse(SourceCatalog catalog, TableSelection? selection = null)
    {
        CheckSyncable(catalog, selection, reverse: true);
        var sourceNames = catalog.Tables.ToDictionary(t => t.Name, t => t.SourceTableName);
        return Synced(catalog, selection).Select(table =>
        {
            var columns = table.CopiedColumns.Select(c => new SyncColumn(c.Name, table.SourceOf(c).Name, c.DataType,
                table.SourceOf(c).DataType)).ToList();
            return new SyncTable
            {
                Source = table.Name, Target = table.SourceTableName, Columns = columns,
                Key = KeyIndexes(columns, KeyOf(table)!, c => c.SourceName),
                References = table.ForeignKeys.Select(f => sourceNames.GetValueOrDefault(f.References, f.References)).ToList(),
            };
        }).ToList();
    }

    /// <summary>Key columns (catalog names) as indexes into the columns, found by <paramref name="name"/>.</summary>
    static IReadOnlyList<int> KeyIndexes(IReadOnlyList<SyncColumn> columns, IReadOnlyList<string> key, Func<SyncColumn, string> name) =>
        key.Select(k => columns.Select(name).ToList().IndexOf(k) is var i and >= 0 ? i
            : throw new SyncRefusedException($"key column {k} is not among the copied columns")).ToList();

    static void CheckSyncable(SourceCatalog catalog, TableSelection? selection, bool reverse)
    {
        var problems = new List<string>();
        var keyless = Keyless(catalog, selection);
        if (keyless.Count > 0)
            problems.Add($"{keyless.Count} table(s) without a primary key cannot be synced, since changes are applied by key: " +
                $"{string.Join(", ", keyless.Select(t => t.SourceTableName))}. Add a primary key at the source, or " +
                "exclude them (tables.exclude)");
        foreach (var table in Synced(catalog, selection).Where(t => KeyOf(t) is not null))
        {
            var reshapedKey = table.Columns.Where(c => KeyOf(table)!.Contains(c.Name) && SourceTerms.Reshaped(c))
                .Select(c => c.Name).ToList();
            if (reshapedKey.Count > 0)
                problems.Add($"{table.SourceTableName}: a rule reshapes its key column {string.Join(", ", reshapedKey)}, " +
                    "so changes cannot be matched to target rows by key; exclude the table or drop the rule");
            if (reverse && table.Columns.FirstOrDefault(SourceTerms.Reshaped) is { } reshaped)
                problems.Add($"{table.Name}: a {reshaped.Rule!.Kind} rule reshaped column {reshaped.Name}, whose " +
                    "legacy values cannot be rebuilt from the new ones; exclude the table from the reverse sync (tables.exclude)");
        }
        if (problems.Count > 0) throw new SyncRefusedException("sync: " + string.Join("; ", problems));
    }
}
