using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;
using Orchestrator.Core.Workflow;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A small table without secondary indexes gets its keys, checks and ANALYZE in one batch, one transaction: all of
/// them or none, and a rerun adds nothing twice. A small one-chunk table is validated and finalized by one activity.
/// </summary>
public class FinalizeSmallTableTests
{
    static TableInfo Table(string name) => new()
    {
        Name = new("small", name),
        EstimatedRows = 3,
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Nullable = false },
                   new ColumnInfo { Name = "code", DataType = "text", Family = TypeFamily.Text }],
        PrimaryKey = new KeyInfo($"{name}_pkey", ["id"]),
        UniqueKeys = [new KeyInfo($"{name}_code_key", ["code"])],
        Checks = [new CheckInfo($"{name}_id_check", "id > 0")],
    };

    [Fact]
    public async Task Keys_checks_and_statistics_come_in_one_transaction_and_a_rerun_adds_nothing()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("finalize_small");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var (good, bad) = (Table("good"), Table("bad"));
        await target.PrepareAsync("m1",
            new SourceCatalog { Dialect = "postgres", Database = "d", ServerVersion = "15", Tables = [good, bad] }, "fail");
        await db.ExecuteAsync("INSERT INTO small.good VALUES (1, 'a'), (2, 'b'), (3, 'c'); INSERT INTO " +
            "small.bad VALUES (1, 'a'), (2, 'a')");

        Assert.Equal(["constraint good_pkey", "constraint good_code_key", "constraint good_id_check"],
            await target.FinalizeTableAsync(good));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conrelid = 'small.good'::regclass"));
        Assert.Equal(3f, await db.ScalarAsync<float>("SELECT reltuples FROM pg_class WHERE oid = 'small.good'::regclass"));
        Assert.Empty(await target.FinalizeTableAsync(good));

        // The duplicate code fails the unique key: the primary key before it in the batch is rolled back with it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => target.FinalizeTableAsync(bad));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conrelid = 'small.bad'::regclass"));
    }

    const string SmallTables = """
        CREATE SCHEMA small;
        CREATE TABLE small.codes (id integer PRIMARY KEY CHECK (id > 0), code text NOT NULL UNIQUE);
        INSERT INTO small.codes SELECT g, 'code ' || g FROM generate_series(1, 300) g;
        CREATE TABLE small.notes (id bigint PRIMARY KEY, note text);
        INSERT INTO small.notes SELECT g, md5(g::text) FROM generate_series(1, 500) g;
        CREATE TABLE small.wide (id bigint PRIMARY KEY, v text);
        INSERT INTO small.wide SELECT g, md5(g::text) FROM generate_series(1, 3000) g;
        CREATE TABLE small.empty (id bigint PRIMARY KEY, v text);
        ANALYZE;
        """;

    /// <summary>
    /// Counts each activity's runs; runs <paramref name="twice"/> two times (Durable delivers at least once)
    /// after <paramref name="before"/>.
    /// </summary>
    sealed class Watched(IWorkflowActivity inner, ConcurrentDictionary<string, int> runs, string twice, Func<object, Task>? before)
        : IWorkflowActivity
    {
        public string Name => inner.Name;
        public Type InputType => inner.InputType;

        public async Task<object?> RunAsync(object input, CancellationToken ct)
        {
            runs.AddOrUpdate(Name, 1, (_, n) => n + 1);
            if (Name != twice) return await inner.RunAsync(input, ct);
            if (before is not null) await before(input);
            await inner.RunAsync(input, ct);
            return await inner.RunAsync(input, ct);
        }
    }

    static Func<IReadOnlyDictionary<string, IWorkflowActivity>, IReadOnlyDictionary<string, IWorkflowActivity>> Watch(
        ConcurrentDictionary<string, int> runs, Func<object, Task>? before = null) =>
        catalog => catalog.ToDictionary(a => a.Key,
            a => (IWorkflowActivity)new Watched(a.Value, runs, ActivityNames.ValidateAndFinalizeTable, before));

    [Fact]
    public async Task Small_one_chunk_tables_are_validated_and_finalized_by_one_activity_that_can_run_twice()
    {
        await using var scenario = await Scenario.CreateAsync("small_tail", SmallTables);
        var runs = new ConcurrentDictionary<string, int>();
        var result = await scenario.Migrations.RunAsync(scenario.Migrations.SpecJson(rowsPerChunk: 1000), "tail", activities: Watch(runs));

        Assert.True(result.Passed, result.ToString());
        Assert.Equal(3800L, result.Rows);
        // codes, notes and empty (one chunk each; empty estimated at no rows and loading none) in one activity; wide
        // (three chunks) in two.
        Assert.Equal((3, 1, 1), (runs.GetValueOrDefault(ActivityNames.ValidateAndFinalizeTable),
            runs.GetValueOrDefault(ActivityNames.FinalizeTable), runs.GetValueOrDefault(ActivityNames.ValidateTable)));
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
        // Run twice, each key was still added once, and the table was analyzed.
        Assert.Equal(["codes_code_key", "codes_id_check", "codes_pkey"], await ConstraintsAsync(scenario.Target, "small.codes"));
        Assert.Equal(["notes_pkey"], await ConstraintsAsync(scenario.Target, "small.notes"));
        Assert.Equal(["empty_pkey"], await ConstraintsAsync(scenario.Target, "small.empty"));
        Assert.Equal(300f, await scenario.Target.ScalarAsync<float>("SELECT reltuples FROM pg_class WHERE oid = 'small.codes'::regclass"));
    }

    [Fact]
    public async Task A_row_changed_before_a_small_tables_tail_fails_its_digest_and_names_its_chunk()
    {
        await using var scenario = await Scenario.CreateAsync("small_tail_bad", SmallTables);
        var runs = new ConcurrentDictionary<string, int>();
        var result = await scenario.Migrations.RunAsync(scenario.Migrations.SpecJson(rowsPerChunk: 1000), "bad",
            activities: Watch(runs, async input =>
        {
            if (((TableWork)input).Table.Target.Name == "notes")
                await scenario.Target.ExecuteAsync("UPDATE small.notes SET note = 'changed' WHERE id = 7");
        }));

        Assert.False(result.Passed);
        Assert.Equal(1, runs.GetValueOrDefault(ActivityNames.ValidateChunk));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(scenario.Migrations.StagingRoot, "bad", "report.json")));
        var tables = report.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("target").GetString()!);
        var mismatches = tables["small.notes"].GetProperty("digestMismatches").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(mismatches, m => m.Contains("small.notes/c00000: extracted 500 rows", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.StartsWith("(whole table)", StringComparison.Ordinal));
        Assert.NotEmpty(tables["small.notes"].GetProperty("aggregateDifferences").EnumerateArray());
        Assert.Empty(tables["small.codes"].GetProperty("digestMismatches").EnumerateArray());
    }

    static Task<List<string>> ConstraintsAsync(TestDatabase db, string table) =>
        db.StringsAsync($"SELECT conname FROM pg_constraint WHERE conrelid = '{table}'::regclass ORDER BY 1");
}
