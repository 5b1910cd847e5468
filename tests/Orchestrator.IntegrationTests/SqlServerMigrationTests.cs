using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Orchestrator.IntegrationTests.Infrastructure;

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
    public async Task Chinook_migrates_from_sql_server_and_validates()
    {
        var server = Environment.GetEnvironmentVariable("ORCH_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
            Assert.Skip("ORCH_TEST_SQLSERVER is not set: point it at a SQL Server (e.g. a mcr.microsoft.com/mssql/server:2022-latest " +
                "container on your machine) with a connection string whose login may create databases, and set ORCH_TEST_PG for the target");
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
            var spec = migrations.SpecJson(rowsPerChunk: 500).Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal);

            var result = await migrations.RunAsync(spec, "chinook-mssql");

            Assert.True(result.Passed, $"migration did not pass; report at {result.ReportLocation}");
            Assert.Equal(11, result.Tables);
            Assert.Equal(2240L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"InvoiceLine\""));
            Assert.Equal(3503L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Track\""));
            Assert.Equal(412L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Invoice\""));
            Assert.Equal(await SqlScalarAsync<int>(source, "SELECT COUNT(*) FROM dbo.Customer"), (int)await target.ScalarAsync<long>("SELECT count(*) FROM dbo.\"Customer\""));
            Assert.Equal("AC/DC", await target.ScalarAsync<string>("SELECT \"Name\" FROM dbo.\"Artist\" WHERE \"ArtistId\" = 1"));
            Assert.Equal(await SqlScalarAsync<decimal>(source, "SELECT SUM(Total) FROM dbo.Invoice"), await target.ScalarAsync<decimal>("SELECT sum(\"Total\") FROM dbo.\"Invoice\""));
            Assert.Equal("numeric", await target.ScalarAsync<string>(
                "SELECT data_type FROM information_schema.columns WHERE table_schema = 'dbo' AND table_name = 'Invoice' AND column_name = 'Total'"));
            Assert.Equal(new DateTime(2002, 8, 14), await target.ScalarAsync<DateTime>("SELECT \"HireDate\" FROM dbo.\"Employee\" WHERE \"EmployeeId\" = 1"));
        }
        finally
        {
            await ExecuteAsync(master, $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]");
        }
    }

    /// <summary>The script without its own DROP/CREATE DATABASE and USE: from the first CREATE TABLE on.</summary>
    static string? ChinookSqlServerScript()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) dir = dir.Parent;
        var file = dir?.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "datasets", "chinook", "Chinook_SqlServer.sql") : null;
        if (file is null || !File.Exists(file)) return null;
        var text = File.ReadAllText(file);
        var start = text.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        return start < 0 ? null : text[start..];
    }

    static IEnumerable<string> Batches(string script) =>
        GoSeparator().Split(script).Select(b => b.Trim()).Where(b => b.Length > 0);

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    static async Task<T> SqlScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
