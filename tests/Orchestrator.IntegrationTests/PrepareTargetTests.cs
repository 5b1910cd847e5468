using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;
using Orchestrator.Core.Workflow;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>Preparing a schema of many tables, many tables a round trip: every table, each partition after its parent, once.</summary>
public class PrepareTargetTests
{
    static TableInfo Table(string name, string? partitionKey = null, string? parent = null, string? bound = null) => new()
    {
        Name = new("wide", name),
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Nullable = false },
                   new ColumnInfo { Name = "body", DataType = "text", Family = TypeFamily.Text }],
        PartitionKey = partitionKey,
        PartitionOf = parent is null ? null : new(new("wide", parent), bound!),
    };

    // 100 plain tables with a two-level partition tree spread among them.
    static SourceCatalog Catalog() => new()
    {
        Dialect = "postgres", Database = "d", ServerVersion = "15",
        Tables = [Table("events", partitionKey: "RANGE (id)"),
            .. Enumerable.Range(0, 50).Select(i => Table($"t{i:D3}")),
            Table("events_low", partitionKey: "LIST (id)", parent: "events", bound: "FOR VALUES FROM (0) TO (100)"),
            .. Enumerable.Range(50, 50).Select(i => Table($"t{i:D3}")),
            Table("events_low_1", parent: "events_low", bound: "FOR VALUES IN (1)"),
            Table("events_high", parent: "events", bound: "FOR VALUES FROM (100) TO (MAXVALUE)")],
    };

    [Fact]
    public async Task A_schema_of_many_tables_is_prepared_with_its_partitions_and_a_rerun_prepares_nothing()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("prepare_many");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);

        Assert.Equal(104, await target.PrepareAsync("m1", Catalog(), "fail"));

        Assert.Equal(104L,
            await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relnamespace = " +
            "'wide'::regnamespace AND relkind IN ('r', 'p')"));
        Assert.Equal(104L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE migration_id = 'm1'"));
        Assert.Equal("wide.events_low",
            await db.ScalarAsync<string>("SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = " +
            "'wide.events_low_1'::regclass"));
        Assert.Equal(0, await target.PrepareAsync("m1", Catalog(), "fail"));
    }

    [Fact]
    public async Task Prepared_in_the_workflow_s_batches_every_table_is_made_once_with_its_partitions_and_owned_sequence()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("prepare_batches");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var catalog = Catalog() with
        {
            Sequences = [new SequenceInfo { Schema = "wide", Name = "t080_id_seq", DataType = "bigint", Max = long.MaxValue,
                OwnedByTable = new("wide", "t080"), OwnedByColumn = "id" }],
        };
        var spec = SpecLoader.Parse("""
            { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
              "staging": { "kind": "local", "path": "/tmp/x" } }
            """, SourceDialects.Traits);
        // The plan's tables (those that hold rows) in batches of 50, as MigrationWorkflow makes them.
        var batches = catalog.Tables.Where(t => t.HoldsRows).Select(t => t.Name).Chunk(PrepareBatches.Size)
            .Select((names, i) => new PrepareWork("m1", spec, names, First: i == 0)).ToList();
        Task<int> Prepare(PrepareWork batch) => target.PrepareAsync("m1", PrepareTargetActivity.Batch(catalog, batch), "fail");

        // The first batch also makes the partitioned parents, which no batch lists, and the sequence a later table owns.
        Assert.Equal(52, await Prepare(batches[0]));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 't050'"));
        Assert.Equal(0, await Prepare(batches[0]));
        Assert.Equal(50, await Prepare(batches[1]));
        Assert.Equal(2, await Prepare(batches[2]));

        Assert.Equal(104L,
            await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relnamespace = " +
            "'wide'::regnamespace AND relkind IN ('r', 'p')"));
        Assert.Equal(104L, await db.ScalarAsync<long>("SELECT count(*) FROM _migrator.prepared_tables WHERE migration_id = 'm1'"));
        Assert.Equal("wide.events_low",
            await db.ScalarAsync<string>("SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = " +
            "'wide.events_low_1'::regclass"));
        Assert.Equal("wide.t080_id_seq", await db.ScalarAsync<string>("SELECT pg_get_serial_sequence('wide.t080', 'id')"));
    }

    [Fact]
    public async Task A_table_holding_foreign_rows_refuses_the_prepare_before_any_table_is_created()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("prepare_refused");
        await db.ExecuteAsync("CREATE SCHEMA wide; CREATE TABLE wide.t077 (id bigint NOT NULL, body text); INSERT INTO " +
            "wide.t077 VALUES (1, 'theirs');");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);

        var refused = await Assert.ThrowsAsync<TargetNotEmptyException>(() => target.PrepareAsync("m1", Catalog(), "fail"));

        Assert.Contains("wide.t077", refused.Message);
        Assert.Equal(1L,
            await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relnamespace = " +
            "'wide'::regnamespace AND relkind IN ('r', 'p')"));
        Assert.Equal("theirs", await db.ScalarAsync<string>("SELECT body FROM wide.t077"));
        Assert.Equal(104, await target.PrepareAsync("m1", Catalog(), "truncate"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM wide.t077"));
    }
}
