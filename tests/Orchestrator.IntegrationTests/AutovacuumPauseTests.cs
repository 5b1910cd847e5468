using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Autovacuum is off on the tables a migration creates while their chunks load, and back on after finalize: left on,
/// it vacuums the table mid-load and then holds the lock the primary key needs. A user's own setting is left alone,
/// and so are tables too small for a pause to pay for its catalog statements.
/// </summary>
public class AutovacuumPauseTests
{
    static TableInfo Table(string name, long estimatedRows = PostgresTarget.PauseAutovacuumFromRows) => new()
    {
        Name = new("av", name),
        EstimatedRows = estimatedRows,
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Nullable = false },
                   new ColumnInfo { Name = "body", DataType = "text", Family = TypeFamily.Text }],
        PrimaryKey = new KeyInfo($"{name}_pkey", ["id"]),
    };

    static SourceCatalog Catalog(params TableInfo[] tables) =>
        new() { Dialect = "postgres", Database = "d", ServerVersion = "15", Tables = tables };

    [Fact]
    public async Task Created_tables_load_without_autovacuum_and_get_it_back_at_finalize()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("autovacuum");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var table = Table("items");

        await target.PrepareAsync("m1", Catalog(table), "fail");

        Assert.Equal("{autovacuum_enabled=off}", await db.ScalarAsync<string>(
            "SELECT reloptions::text FROM pg_class WHERE oid = 'av.items'::regclass"));
        Assert.Equal("{autovacuum_enabled=off}", await db.ScalarAsync<string>(
            "SELECT t.reloptions::text FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = 'av.items'::regclass"));

        await target.FinalizeTableAsync(table);

        Assert.True(await db.ScalarAsync<bool>("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'av.items'::regclass"));
        Assert.True(await db.ScalarAsync<bool>(
            "SELECT t.reloptions IS NULL FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = 'av.items'::regclass"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE autovacuum_paused"));
        // A second finalize (a resumed run) finds nothing to resume and changes nothing.
        await target.FinalizeTableAsync(table);
        Assert.True(await db.ScalarAsync<bool>("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'av.items'::regclass"));
    }

    [Fact]
    public async Task A_table_with_its_own_autovacuum_setting_keeps_it()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("autovacuum_own");
        await db.ExecuteAsync("""
            CREATE SCHEMA av;
            CREATE TABLE av.kept (id bigint NOT NULL, body text) WITH (autovacuum_enabled = on, fillfactor = 90);
            CREATE TABLE av.kept_toast (id bigint NOT NULL, body text) WITH (toast.autovacuum_enabled = on);
            """);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        TableInfo[] tables = [Table("kept"), Table("kept_toast")];

        await target.PrepareAsync("m1", Catalog(tables), "truncate");
        foreach (var table in tables) await target.FinalizeTableAsync(table);

        Assert.Equal("{autovacuum_enabled=on,fillfactor=90}", await db.ScalarAsync<string>(
            "SELECT reloptions::text FROM pg_class WHERE oid = 'av.kept'::regclass"));
        Assert.True(await db.ScalarAsync<bool>("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'av.kept_toast'::regclass"));
        Assert.Equal("{autovacuum_enabled=on}", await db.ScalarAsync<string>(
            "SELECT t.reloptions::text FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid " +
            "WHERE c.oid = 'av.kept_toast'::regclass"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE autovacuum_paused"));
    }

    [Fact]
    public async Task A_table_estimated_below_the_threshold_keeps_autovacuum_and_finalize_has_nothing_to_resume()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("autovacuum_small");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        TableInfo[] tables = [Table("small", PostgresTarget.PauseAutovacuumFromRows - 1), Table("large")];

        await target.PrepareAsync("m1", Catalog(tables), "fail");

        Assert.True(await db.ScalarAsync<bool>("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'av.small'::regclass"));
        Assert.Equal("{autovacuum_enabled=off}", await db.ScalarAsync<string>(
            "SELECT reloptions::text FROM pg_class WHERE oid = 'av.large'::regclass"));
        Assert.Equal("large", await db.ScalarAsync<string>(
            "SELECT string_agg(table_name, ',') FROM _migrator.prepared_tables WHERE autovacuum_paused"));

        foreach (var table in tables) await target.FinalizeTableAsync(table);

        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'av'::regnamespace AND reloptions IS NOT NULL"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE autovacuum_paused"));
        // Finalize analyzed both (reltuples is -1 until a table is first analyzed or vacuumed).
        Assert.Equal(2L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'av'::regnamespace AND relkind = 'r' AND reltuples >= 0"));
    }

    [Fact]
    public async Task Autovacuum_comes_back_together_with_its_mark_cleared_or_neither_does()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("autovacuum_together");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var table = Table("items");
        await target.PrepareAsync("m1", Catalog(table), "fail");
        // Turning autovacuum back on fails (the primary key, also an ALTER TABLE, does not): the mark must stay.
        await db.ExecuteAsync("""
            CREATE FUNCTION refuse_reset() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN IF current_query() LIKE '%RESET (autovacuum_enabled%' THEN RAISE EXCEPTION 'not now'; END IF; END $$;
            CREATE EVENT TRIGGER refuse_reset ON ddl_command_start WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION refuse_reset();
            """);

        await Assert.ThrowsAsync<PostgresException>(() => target.FinalizeTableAsync(table));

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE autovacuum_paused"));
        Assert.Equal("{autovacuum_enabled=off}", await db.ScalarAsync<string>(
            "SELECT reloptions::text FROM pg_class WHERE oid = 'av.items'::regclass"));

        await db.ExecuteAsync("DROP EVENT TRIGGER refuse_reset");
        await target.FinalizeTableAsync(table); // the rerun finishes it

        Assert.True(await db.ScalarAsync<bool>("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'av.items'::regclass"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE autovacuum_paused"));
    }
}
