using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The timescaledb engine of a time-series rule, on the test server's real TimescaleDB (eng/test builds and preloads
/// it): the table becomes a hypertable with daily chunks, loaded and validated like any table; where the target
/// cannot create the extension, it becomes native partitions and the report says why.
/// </summary>
public class TimescaleTests
{
    const string Source = """
        CREATE SCHEMA care;
        CREATE TABLE care.patient (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO care.patient SELECT i, 'patient ' || i FROM generate_series(1, 50) AS i;
        -- Ten days of vitals, one row every 15 minutes; the key does not hold the time column.
        CREATE TABLE care.vitals (id bigint PRIMARY KEY, patient_id int NOT NULL REFERENCES care.patient (id),
            at timestamptz NOT NULL, pulse int, temperature double precision);
        INSERT INTO care.vitals
        SELECT i, 1 + i % 50, timestamptz '2024-03-01 00:00:00+00' + i * interval '15 minutes', 60 + i % 40, 36.5 + (i % 10) / 10.0
        FROM generate_series(0, 959) AS i;
        CREATE UNIQUE INDEX vitals_patient_at ON care.vitals (patient_id, at);
        ANALYZE;
        """;

    static string Spec(Migrations migrations) => migrations.SpecJson(rowsPerChunk: 500).TrimEnd().TrimEnd('}') + """
        , "rules": [ { "table": "care.vitals", "column": "at", "timeSeries": { "interval": "day", "engine": "timescaledb" } } ] }
        """;

    [Fact]
    public async Task A_timescaledb_rule_makes_a_hypertable_with_daily_chunks_loaded_exactly_once_and_validated()
    {
        await using var scenario = await Scenario.CreateAsync("tsdb", Source);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        var spec = Spec(migrations);

        // Through the CLI, whose socket continuations run inline on the epoll thread: nothing on the way may block it.
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "tsdb");
        var report = File.ReadAllText(Path.Combine(migrations.StagingRoot, "tsdb", "report.json"));
        Assert.True(run.ExitCode == 0, run + report);

        Assert.Equal("1 day", await target.ScalarAsync<string>(
            "SELECT time_interval::text FROM timescaledb_information.dimensions " +
            "WHERE hypertable_schema = 'care' AND hypertable_name = 'vitals' AND column_name = 'at'"));
        Assert.Equal(10L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'vitals'"));
        Assert.Equal(960L, await target.ScalarAsync<long>("SELECT count(*) FROM care.vitals"));
        Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM ONLY care.vitals")); // the rows are in the chunks
        Assert.Equal("r", await target.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'care.vitals'::regclass"));
        // TimescaleDB, like native partitioning, wants the time column in every key: it is appended, and reported.
        Assert.Equal("PRIMARY KEY (id, at)", await target.ScalarAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'care.vitals'::regclass AND contype = 'p'"));
        Assert.Equal(1L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'care.vitals'::regclass AND contype = 'f' AND convalidated"));
        Assert.Contains("(at DESC)", await target.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'vitals_at_idx'"));

        using (var json = JsonDocument.Parse(report))
        {
            var vitals = json.RootElement.GetProperty("tables").EnumerateArray()
                .Single(t => t.GetProperty("source").GetString() == "care.vitals");
            Assert.Equal(10, vitals.GetProperty("chunks").GetInt32()); // one copy chunk per day
            Assert.Equal("pass", vitals.GetProperty("digestVerdict").GetString());
            Assert.Equal("pass", vitals.GetProperty("aggregateVerdict").GetString());
            Assert.Equal(960, vitals.GetProperty("targetRows").GetInt64());
            var findings = json.RootElement.GetProperty("schemaFindings").EnumerateArray()
                .Select(f => f.GetProperty("message").GetString()).ToList();
            Assert.Contains("a TimescaleDB hypertable by at with one chunk per day, copied in 10 day ranges", findings);
            Assert.Contains("primary key vitals_pkey gains at: TimescaleDB keys of a hypertable include its time column", findings);
            Assert.DoesNotContain(findings, f => f!.Contains("instead of a TimescaleDB hypertable", StringComparison.Ordinal));
        }

        // A resume loads nothing twice.
        Assert.True((await migrations.RunAsync(spec, "tsdb")).Passed);
        Assert.Equal(960L, await target.ScalarAsync<long>("SELECT count(*) FROM care.vitals"));
        Assert.Equal(10L, await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger WHERE table_name = 'vitals'"));
    }

    [Fact]
    public async Task Where_the_target_cannot_create_timescaledb_the_table_gets_native_partitions_and_a_finding()
    {
        await using var scenario = await Scenario.CreateAsync("tsdbno", Source);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        // The target refuses CREATE EXTENSION the way Azure refuses one that azure.extensions does not allow-list.
        await target.ExecuteAsync("""
            CREATE FUNCTION public.refuse_extensions() RETURNS event_trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'extensions are not allow-listed on this server' USING ERRCODE = '0A000'; END $$;
            CREATE EVENT TRIGGER refuse_extensions ON ddl_command_start WHEN TAG IN ('CREATE EXTENSION')
                EXECUTE FUNCTION public.refuse_extensions();
            """);

        var result = await migrations.RunAsync(Spec(migrations), "tsdbno");
        var report = File.ReadAllText(Path.Combine(migrations.StagingRoot, "tsdbno", "report.md"));
        Assert.True(result.Passed, report);

        Assert.Equal("p", await target.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'care.vitals'::regclass"));
        Assert.Equal(11L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'care.vitals'::regclass")); // 10 days + default
        Assert.Equal(960L, await target.ScalarAsync<long>("SELECT count(*) FROM care.vitals"));
        Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"));
        Assert.Contains(
            "care.vitals: native range partitions instead of a TimescaleDB hypertable: the target refused CREATE EXTENSION timescaledb " +
            "(0A000: extensions are not allow-listed on this server)", report);

        // A resumed run finds the same, from the target as it is.
        Assert.True((await migrations.RunAsync(Spec(migrations), "tsdbno")).Passed);
        Assert.Contains(
            "native range partitions instead of a TimescaleDB hypertable: " +
            "TimescaleDB was not available on the target when the table was prepared",
            File.ReadAllText(Path.Combine(migrations.StagingRoot, "tsdbno", "report.md")));
    }
}
