using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Tests.Sources;
using Orchestrator.Tests.Sources.SqlServer;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Chinook from a real SQL Server into PostgreSQL. Runs when ORCH_TEST_SQLSERVER holds a connection string (to a
/// server where the login may create databases), e.g. against a container on your machine:
///   docker run -e ACCEPT_EULA=Y -e MSSQL_SA_PASSWORD='Your_str0ng_pw' -p 1433:1433 -d mcr.microsoft.com/mssql/server:2022-latest
///   export ORCH_TEST_SQLSERVER='Server=localhost,1433;User Id=sa;Password=Your_str0ng_pw;TrustServerCertificate=true'
/// ORCH_TEST_PG must be set too (the target).
/// </summary>
public partial class SqlServerMigrationTests
{
    [Fact]
    public async Task A_sql_server_that_refuses_connections_exits_3_naming_the_connection_and_the_network_failure()
    {
        await using var target = await TestDatabase.CreateAsync("mssql_down_dst");
        using var migrations = new Migrations(target, target);
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        migrations.Connections["Legacy"] = $"Server=tcp:127.0.0.1,{port};Database=legacy;User Id=migrator;Password=Refused-Secret-9;" +
            "Connect Timeout=3;Encrypt=false";
        var spec = migrations.SpecJson().Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal);

        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "mssql-down");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(
            $"cannot connect to the source database 'Legacy' (tcp:127.0.0.1,{port}/legacy): A network-related or instance-specific error",
            run.Stderr);
        Assert.DoesNotContain("Globalization", run.All);
        Assert.DoesNotContain("Refused-Secret-9", run.All);
    }

    [Fact]
    public async Task Chinook_migrates_from_sql_server_and_validates()
    {
        var server = Environment.GetEnvironmentVariable("ORCH_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
            Assert.Skip("ORCH_TEST_SQLSERVER is not set: point it at a SQL Server (e.g. a mcr.microsoft.com/mssql/server:2022-latest " +
                "container on your machine) with a connection string whose login may create databases, " +
                "and set ORCH_TEST_PG for the target");
        var script = ChinookSqlServerScript();
        if (script is null) Assert.Skip("../shared/datasets/chinook/Chinook_SqlServer.sql not found beside the repository");

        var database = "chinook_" + Guid.NewGuid().ToString("N")[..8];
        var master = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
        var source = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        await ExecuteAsync(master, $"CREATE DATABASE [{database}]");
        try
        {
            foreach (var batch in Batches(script!)) await ExecuteAsync(source, batch);
            await ExecuteAsync(master, $"ALTER DATABASE [{database}] SET ALLOW_SNAPSHOT_ISOLATION ON");

            await using var target = await TestDatabase.CreateAsync("chinook_mssql_dst");
            using var migrations = new Migrations(target, target);
            migrations.Connections["Legacy"] = source;
            var spec = migrations.SpecJson(rowsPerChunk: 500)
                .Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal);

            var result = await migrations.RunAsync(spec, "chinook-mssql");

            Assert.True(result.Passed, $"migration did not pass; report at {result.ReportLocation}");
            Assert.Equal(11, result.Tables);
            Assert.Equal(2240L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"InvoiceLine\""));
            Assert.Equal(3503L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Track\""));
            Assert.Equal(412L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Invoice\""));
            Assert.Equal(await SqlScalarAsync<int>(source, "SELECT COUNT(*) FROM dbo.Customer"),
                (int)await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Customer\""));
            Assert.Equal("AC/DC", await target.ScalarAsync<string>("SELECT \"Name\" FROM dbo.\"Artist\" WHERE \"ArtistId\" = 1"));
            Assert.Equal(await SqlScalarAsync<decimal>(source, "SELECT SUM(Total) FROM dbo.Invoice"),
                await target.ScalarAsync<decimal>("SELECT sum(\"Total\") FROM dbo.\"Invoice\""));
            Assert.Equal("numeric", await target.ScalarAsync<string>(
                "SELECT data_type FROM information_schema.columns " +
                "WHERE table_schema = 'dbo' AND table_name = 'Invoice' AND column_name = 'Total'"));
            Assert.Equal(new DateTime(2002, 8, 14),
                await target.ScalarAsync<DateTime>("SELECT \"HireDate\" FROM dbo.\"Employee\" WHERE \"EmployeeId\" = 1"));
        }
        finally
        {
            await ExecuteAsync(master, $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]");
        }
    }

    /// <summary>
    /// A login that holds only db_datareader and VIEW DEFINITION (what DBAs of legacy databases grant), over the shapes
    /// that once failed: money and smallmoney, sql_variant, a heap, a text key and a composite key with a text part.
    /// The DMVs it may not read are listed in plan, assess and the report; the data moves and validates.
    /// </summary>
    [Fact]
    public async Task A_least_privilege_login_migrates_money_variants_and_keyless_tables()
    {
        var server = Environment.GetEnvironmentVariable("ORCH_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
            Assert.Skip("ORCH_TEST_SQLSERVER is not set: point it at a SQL Server whose login may create databases and logins, " +
                "and set ORCH_TEST_PG for the target");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (database, login, password) = ("leastpriv_" + suffix, "migrator_" + suffix, "Lp-" + Guid.NewGuid().ToString("N") + "-a1");
        var master = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
        var admin = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        await ExecuteAsync(master,
            $"CREATE DATABASE [{database}]; CREATE LOGIN [{login}] WITH PASSWORD = '{password}', CHECK_POLICY = OFF");
        try
        {
            await ExecuteAsync(admin, """
                WITH n AS (SELECT TOP (2000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i
                    FROM sys.all_objects a CROSS JOIN sys.all_objects b)
                SELECT CAST(i AS int) AS i INTO #n FROM n;
                CREATE TABLE dbo.Prices (Id int NOT NULL PRIMARY KEY, Amount money NOT NULL, Small smallmoney NULL,
                    Label nvarchar(40) NULL);
                INSERT dbo.Prices SELECT i, i * 1234.5678, CASE WHEN i % 3 = 0 THEN NULL ELSE -i / 7.0 END,
                    N'price ' + CAST(i AS nvarchar(10)) FROM #n;
                CREATE TABLE dbo.Variants (Id int NOT NULL PRIMARY KEY, V sql_variant NULL);
                INSERT dbo.Variants VALUES (1, CAST(42 AS int)), (2, CAST(12.50 AS decimal(5,2))), (3, CAST(N'text "q"' AS nvarchar(20))),
                    (4, CAST('2024-02-29T13:05:00' AS datetime2)), (5, CAST(3.5 AS money)), (6, CAST(1 AS bit)), (7, NULL),
                    (8, CAST(1e20 AS float));
                CREATE TABLE dbo.Heap (Note nvarchar(100) NULL, Amount money NULL);
                INSERT dbo.Heap SELECT N'note ' + CAST(i AS nvarchar(10)), i / 100.0 FROM #n;
                CREATE TABLE dbo.TextKeyed (Code nvarchar(20) NOT NULL PRIMARY KEY, Qty int NOT NULL);
                INSERT dbo.TextKeyed SELECT N'code-' + RIGHT('0000' + CAST(i AS varchar(10)), 5), i FROM #n;
                CREATE TABLE dbo.Composite (Region int NOT NULL, Code nvarchar(20) NOT NULL, Qty int NULL,
                    CONSTRAINT PK_Composite PRIMARY KEY (Region, Code));
                INSERT dbo.Composite SELECT i % 10, N'c' + CAST(i AS nvarchar(10)), i FROM #n;
                """);
            await ExecuteAsync(admin, $"CREATE USER [{login}] FOR LOGIN [{login}]; " +
                $"ALTER ROLE db_datareader ADD MEMBER [{login}]; GRANT VIEW DEFINITION TO [{login}]");

            await using var target = await TestDatabase.CreateAsync("leastpriv_dst");
            using var migrations = new Migrations(target, target);
            migrations.Connections["Legacy"] = new SqlConnectionStringBuilder(server)
                { InitialCatalog = database, UserID = login, Password = password }.ConnectionString;
            var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 500)
                .Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal));

            var plan = await migrations.RunCliAsync("plan", "--spec", spec);
            Assert.True(plan.ExitCode == 0, plan.ToString());
            Assert.Contains("source probe(s) not available, fallback taken", plan.Stdout);
            Assert.Contains("log position (sys.dm_db_log_stats)", plan.Stdout);
            var assess = await migrations.RunCliAsync("assess", "--spec", spec);
            Assert.True(assess.ExitCode == 0, assess.ToString());
            Assert.Contains("## Source probes not available", assess.Stdout);
            Assert.Contains("heavy queries", assess.Stdout);
            var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "leastpriv");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("PASSED", run.Stdout);
            Assert.Contains("## Source probes not available", run.Stdout);
            Assert.DoesNotContain(password, plan.All + assess.All + run.All);

            Assert.Equal(await SqlScalarAsync<decimal>(admin, "SELECT SUM(Amount) FROM dbo.Prices"),
                await target.ScalarAsync<decimal>("SELECT sum(\"Amount\") FROM dbo.\"Prices\""));
            Assert.Equal("{\"type\": \"int\", \"value\": 42}",
                await target.ScalarAsync<string>("SELECT \"V\"::text FROM dbo.\"Variants\" WHERE \"Id\" = 1"));
            foreach (var table in new[] { "Heap", "TextKeyed", "Composite" })
                Assert.Equal(2000L, await target.ScalarAsync<long>($"SELECT count(*) FROM dbo.\"{table}\""));
        }
        finally
        {
            await ExecuteAsync(master,
                $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; DROP LOGIN [{login}]");
        }
    }

    /// <summary>
    /// PostgreSQL normalises some values on input (jsonb above all; numeric scale, timestamp and time precision,
    /// character(n) padding): what the encoder stages must already be that form, or validation reports differences on
    /// correct data. Every mapped type, read as SqlDataReader reads it, loads and reads back with the staged digest.
    /// </summary>
    [Fact]
    public async Task Every_mapped_type_reads_back_from_postgres_with_the_staged_digest()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("mssql_types");
        await db.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS vector");
        var differences = new List<string>();
        foreach (var (sample, i) in SqlServerTypeSamples.All.Select((s, i) => (s, i)))
        {
            var (types, rows) = SqlServerTypeSamples.Rows([sample]);
            var staged = await SqlServerTypeSamples.EncodeAsync([sample], new SequentialAccessReader(types, rows), wholeStream: true);
            var target = SqlServerTypeMapping.Map(sample.Column).TargetType;
            var (digest, readBack) = await CopyRoundTrip.DigestsAsync(db, $"t{i}", $"v {target}", staged);
            if (digest != readBack) differences.Add($"{sample.Column.SourceType} -> {target}: staged {digest}, read back {readBack}");
        }
        Assert.Empty(differences);
        Assert.Equal("{\"type\": \"int\", \"value\": 42}", await db.ScalarAsync<string>(
            $"SELECT v::text FROM t{SqlServerTypeSamples.All.ToList().FindIndex(s => s.Column.SourceType == "sql_variant")} LIMIT 1"));
    }

    /// <summary>The script without its own DROP/CREATE DATABASE and USE: from the first CREATE TABLE on.</summary>
    static string? ChinookSqlServerScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) dir = dir.Parent;
        var file = dir?.Parent is { } parent
            ? Path.Combine(parent.FullName, "shared", "datasets", "chinook", "Chinook_SqlServer.sql")
            : null;
        if (file is null || !File.Exists(file)) return null;
        var text = File.ReadAllText(file);
        var start = text.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        return start < 0 ? null : text[start..];
    }

    static IEnumerable<string> Batches(string script) =>
        GoSeparator().Split(script).Select(b => b.Trim()).Where(b => b.Length > 0);

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<T> SqlScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
