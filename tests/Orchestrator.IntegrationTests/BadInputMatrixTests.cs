using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The bad-input matrix: malformed and contradictory specs, wrong arguments, unknown tables, unreachable or refusing
/// servers, hostile identifiers, values the target cannot hold. Each gives its exit code and a message that names the
/// problem, and leaves nothing half-written in the target.
/// </summary>
public class BadInputMatrixTests
{
    const string Source = """
        CREATE TABLE t (id int PRIMARY KEY, v text);
        INSERT INTO t SELECT g, 'value ' || g FROM generate_series(1, 300) g;
        CREATE TABLE y (id int);
        CREATE TABLE "x""; DROP TABLE y; --" ("it's; a col" text, "select" int);
        INSERT INTO "x""; DROP TABLE y; --" VALUES ('a''b', 1), (NULL, 2);
        """;

    const string Whole = "(the whole document)";
    const string Staging = "{ \"kind\": \"local\", \"path\": \"/tmp/matrix\" }";

    // name, spec edit (from the valid spec), expected exit code, expected text in stderr
    public static TheoryData<string, string, string, int, string> SpecCases => new()
    {
        { "malformed JSON", Whole, "{ \"source\": ", 2, "line 1" },
        { "empty file", Whole, "", 2, "(root)" },
        { "array instead of object", Whole, "[]", 2, "(root)" },
        { "unknown dialect", "\"postgres\"", "\"mysql\"", 2, "source.dialect: unknown dialect 'mysql'" },
        { "unknown top-level field", "\"tables\":", "\"tabels\":", 2, "tabels: unknown field" },
        { "unknown nested field", "\"rowsPerChunk\"", "\"rowPerChunk\"", 2, "chunking.rowPerChunk: unknown field" },
        { "negative chunk size", "\"rowsPerChunk\": 50000", "\"rowsPerChunk\": -1", 2, "chunking.rowsPerChunk: must be > 0" },
        { "zero parallelism", "\"maxParallel\": 4", "\"maxParallel\": 0", 2, "chunking.maxParallel: must be between 1 and 64" },
        { "absurd parallelism", "\"maxParallel\": 4", "\"maxParallel\": 1000", 2, "chunking.maxParallel" },
        { "wrong value type", "\"rowsPerChunk\": 50000", "\"rowsPerChunk\": \"many\"", 2, "chunking.rowsPerChunk" },
        { "missing source", "\"source\":   { \"dialect\": \"postgres\", \"connection\": \"Legacy\" },", "", 2, "source" },
        { "missing target connection", "\"target\":   { \"connection\": \"Modern\" }", "\"target\": { }", 2, "target" },
        { "connection string in the spec", "\"connection\": \"Legacy\"", "\"connection\": \"Host=db;Password=hunter2\"", 2,
            "source.connection: must be a connection name" },
        { "unknown staging kind", Staging, "{ \"kind\": \"ftp\", \"path\": \"/tmp/matrix\" }", 2, "staging.kind: unknown kind 'ftp'" },
        { "local staging without path", Staging, "{ \"kind\": \"local\" }", 2, "staging.path: required when staging.kind is local" },
        { "blob staging without container", Staging, "{ \"kind\": \"blob\", \"connection\": \"Staging\" }", 2,
            "staging.container: '' is not a valid blob container name" },
        { "contradictory staging", Staging, "{ \"kind\": \"local\", \"path\": \"/tmp/matrix\", \"container\": \"abc\" }", 2,
            "staging: connection and container belong to staging.kind blob" },
        { "bad container name", Staging, "{ \"kind\": \"blob\", \"connection\": \"Staging\", \"container\": \"Bad_Name\" }", 2,
            "staging.container: 'Bad_Name' is not a valid blob container name" },
        { "compression out of range", Staging, "{ \"kind\": \"local\", \"path\": \"/tmp/matrix\", \"compressionLevel\": 25 }", 2,
            "staging.compressionLevel: must be between -7 (zstd's fastest) and 19" },
        { "staging connection not configured", Staging, "{ \"kind\": \"blob\", \"connection\": \"NoStaging\", \"container\": \"abc\" }", 2,
            "staging.connection: connection 'NoStaging' is not configured" },
        { "unknown ifExists", "\"connection\": \"Modern\"", "\"connection\": \"Modern\", \"ifExists\": \"merge\"", 2,
            "target.ifExists: 'merge' is not one of fail, truncate" },
        { "empty include", "\"include\": [\"*\"]", "\"include\": []", 2, "tables.include: must name at least one pattern" },
        { "target connection not configured", "\"connection\": \"Modern\"", "\"connection\": \"Elsewhere\"", 2,
            "target.connection: connection 'Elsewhere' is not configured" },
        { "no table matches", "\"include\": [\"*\"]", "\"include\": [\"nosuch.*\"]", 2,
            "tables.include: no table in the source matches [nosuch.*]" },
    };

    [Theory]
    [MemberData(nameof(SpecCases))]
    public async Task Bad_specs_exit_2_naming_the_problem(string name, string find, string replace, int exit, string expected)
    {
        await using var scenario = await Scenario.CreateAsync("matrix", Source);
        var migrations = scenario.Migrations;
        var valid = migrations.SpecJson(staging: Staging);
        // Whole-document cases give the document itself; the others edit the valid spec, which must change.
        var spec = find == Whole ? replace : valid.Replace(find, replace);
        Assert.True(find == Whole || spec != valid, $"{name}: the edit did not apply");

        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "matrix");

        Assert.True(run.ExitCode == exit, $"{name}: {run}");
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("hunter2", run.All);
        Assert.DoesNotContain(TestServers.Password is { Length: > 0 } p ? p : "\u0001", run.All);
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"));
    }

    [Theory]
    [InlineData("--id", "../../etc", "--id: '../../etc' is not a valid migration id")]
    [InlineData("--bogus", "1", "--bogus")]
    public async Task Bad_arguments_exit_2(string option, string value, string expected)
    {
        await using var scenario = await Scenario.CreateAsync("args", Source);
        var migrations = scenario.Migrations;
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), option, value);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task Missing_spec_option_exits_2()
    {
        await using var scenario = await Scenario.CreateAsync("nospec", Source);
        var run = await scenario.Migrations.RunCliAsync("migrate", "--id", "x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--spec", run.Stderr);
    }

    [Fact]
    public async Task Hostile_identifiers_are_data_not_sql()
    {
        await using var scenario = await Scenario.CreateAsync("hostile", Source);
        var migrations = scenario.Migrations;
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "hostile");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'y'"));
        Assert.Equal(1L, await scenario.Source.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'y'"));
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task A_value_the_target_cannot_hold_fails_with_table_chunk_and_reason_and_loads_nothing_of_that_chunk()
    {
        await using var scenario = await Scenario.CreateAsync("narrow", Source);
        var migrations = scenario.Migrations;
        // A target prepared by someone else with a narrower column: every value of t.v is longer than 3 characters.
        await scenario.Target.ExecuteAsync("CREATE TABLE t (id int, v varchar(3)); INSERT INTO t VALUES (0, 'old');");
        var spec = migrations.WriteSpec(migrations.SpecJson(extraTarget: ", \"ifExists\": \"truncate\""));

        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "narrow");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Matches(@"LoadChunk failed for chunk t\d{4}-public\.t/c\d{5} of public\.t", run.Stderr);
        Assert.Contains("22001", run.Stderr); // value too long
        Assert.Contains("--id narrow", run.Stderr);
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger WHERE table_name = 't'"));
    }
}
