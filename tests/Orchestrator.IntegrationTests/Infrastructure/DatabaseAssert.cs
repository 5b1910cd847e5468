using Npgsql;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Proves two databases hold the same data: per table, the row count and a digest of its rows sorted as text.</summary>
static class DatabaseAssert
{
    const string UserTables = """
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', '_migrator') AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY 1
        """;

    public static async Task<Dictionary<string, string>> FingerprintAsync(TestDatabase db)
    {
        var result = new Dictionary<string, string>();
        foreach (var table in await db.StringsAsync(UserTables))
        {
            var fingerprint = await db.StringsAsync(
                "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') " +
                $"FROM ONLY {table} t");
            result[table] = fingerprint[0];
        }
        return result;
    }

    public static async Task SameRowsAsync(TestDatabase source, TestDatabase target)
    {
        var expected = await FingerprintAsync(source);
        var actual = await FingerprintAsync(target);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (table, fingerprint) in expected)
            Assert.True(fingerprint == actual[table], $"{table}: source {fingerprint}, target {actual[table]}");
    }

    /// <summary>
    /// The same rows, and every chunk loaded exactly once: the load ledger's rows add up, table by table, to what the
    /// table holds (a chunk loaded twice would add its rows twice to both, and the row counts would then differ).
    /// </summary>
    public static async Task SameRowsLoadedOnceAsync(TestDatabase source, TestDatabase target)
    {
        await SameRowsAsync(source, target);
        foreach (var line in await target.StringsAsync(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) || ' ' || sum(rows) " +
            "FROM _migrator.load_ledger GROUP BY table_schema, table_name ORDER BY 1"))
        {
            var cut = line.LastIndexOf(' ');
            var (table, ledgerRows) = (line[..cut], long.Parse(line[(cut + 1)..]));
            var rows = await target.ScalarAsync<long>($"SELECT count(*) FROM {table}");
            Assert.True(rows == ledgerRows, $"{table}: {rows} rows, but its chunks in the ledger hold {ledgerRows}");
        }
    }

    /// <summary>Keys, indexes and constraints by name, per table: what Finalize must have rebuilt.</summary>
    public static async Task SameStructureAsync(TestDatabase source, TestDatabase target)
    {
        const string constraints = """
            SELECT n.nspname || '.' || r.relname || ' ' || con.contype::text || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', '_migrator') ORDER BY 1
            """;
        const string indexes = """
            SELECT n.nspname || '.' || c.relname || ' ' || pg_get_indexdef(c.oid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', '_migrator', 'pg_toast') ORDER BY 1
            """;
        Assert.Equal(await source.StringsAsync(constraints), await target.StringsAsync(constraints));
        Assert.Equal(await source.StringsAsync(indexes), await target.StringsAsync(indexes));
    }
}
