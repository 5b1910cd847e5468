using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.Postgres.Changes;

/// <summary>A source column as the stream describes it: name, type and type modifier.</summary>
public sealed record LayoutColumn(string Name, uint TypeOid, int TypeModifier);

/// <summary>
/// The columns each synced table has at the source when the feed opens; a table that no longer has the catalog's
/// columns stops the sync before anything is read, and the stream's relation messages are checked against these.
/// </summary>
public static class SourceLayout
{
    public static async Task<Dictionary<TableName, IReadOnlyList<LayoutColumn>>> ReadAsync(NpgsqlDataSource source,
        IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        var layouts = tables.ToDictionary(t => t.Source, _ => (IReadOnlyList<LayoutColumn>)new List<LayoutColumn>());
        await using var command = source.CreateCommand("""
            SELECT n.nspname, c.relname, a.attname, a.atttypid, a.atttypmod
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN unnest($1::text[], $2::text[]) AS t(s, r) ON n.nspname = t.s AND c.relname = t.r
            WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY n.nspname, c.relname, a.attnum
            """);
        command.Parameters.Add(new() { Value = tables.Select(t => t.Source.Schema).ToArray() });
        command.Parameters.Add(new() { Value = tables.Select(t => t.Source.Name).ToArray() });
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                ((List<LayoutColumn>)layouts[new TableName(reader.GetString(0), reader.GetString(1))])
                    .Add(new LayoutColumn(reader.GetString(2), reader.GetFieldValue<uint>(3), reader.GetInt32(4)));
        foreach (var table in tables)
            if (SchemaDrift.Difference(table, layouts[table.Source].Select(c => c.Name).ToList()) is { } difference)
                throw SchemaDrift.Changed(table, difference, "since the migration read its catalog");
        return layouts;
    }
}
