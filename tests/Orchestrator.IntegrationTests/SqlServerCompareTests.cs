using Microsoft.Data.SqlClient;
using Orchestrator.Core.Reporting;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// compare against a real SQL Server source: ranges bounded by typed parameters over a composite key, narrowed at
/// keys the PostgreSQL target holds. Runs when ORCH_TEST_SQLSERVER holds a connection string whose login may create
/// databases (see SqlServerMigrationTests); ORCH_TEST_PG is the target.
/// </summary>
public class SqlServerCompareTests
{
    const string Source = """
        CREATE TABLE dbo.Lines (OrderId int NOT NULL, Line smallint NOT NULL, Qty decimal(10,2) NOT NULL, At datetime2(3) NOT NULL,
            Note nvarchar(40),
            CONSTRAINT PK_Lines PRIMARY KEY (OrderId, Line));
        WITH n AS (SELECT TOP (20000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i FROM sys.all_objects a CROSS JOIN sys.all_objects b)
        INSERT INTO dbo.Lines SELECT i / 4, i % 4, i * 0.25, DATEADD(millisecond, i * 1500, '2024-01-01'),
            N'line ' + CAST(i AS nvarchar(10)) FROM n;
        """;

    [Fact]
    public async Task A_mutated_target_of_a_sql_server_source_names_its_composite_keys_and_repairs()
    {
        var server = Environment.GetEnvironmentVariable("ORCH_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
            Assert.Skip("ORCH_TEST_SQLSERVER is not set: point it at a SQL Server (e.g. a mcr.microsoft.com/mssql/server:2022-latest " +
                "container on your machine) with a connection string whose login may create databases, " +
                "and set ORCH_TEST_PG for the target");
        var database = "cmp_" + Guid.NewGuid().ToString("N")[..8];
        var master = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
        var source = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        await ExecuteAsync(master, $"CREATE DATABASE [{database}]");
        try
        {
            await ExecuteAsync(source, Source);
            await using var target = await TestDatabase.CreateAsync("cmp_mssql_dst");
            using var migrations = new Migrations(target, target);
            migrations.Connections["Legacy"] = source;
            var spec = migrations.SpecJson(rowsPerChunk: 5000)
                .Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal)
                .TrimEnd().TrimEnd('}') + """, "compare": { "settleSeconds": 1, "rowLevelRows": 200 } }""";
            Assert.True((await migrations.RunAsync(spec, "mssql-cmp")).Passed);
            Assert.True((await migrations.CompareAsync(spec, "mssql-cmp")).Passed);

            await target.ExecuteAsync("""
                UPDATE dbo.lines SET qty = qty + 1 WHERE orderid = 1234 AND line = 2;
                DELETE FROM dbo.lines WHERE orderid = 4000 AND line = 0;
                INSERT INTO dbo.lines VALUES (999999, 1, 1, '2024-01-01', 'extra');
                """);
            var found = await migrations.CompareAsync(spec, "mssql-cmp", repair: true);
            Assert.True(found.Passed, System.Text.Json.JsonSerializer.Serialize(found));
            Assert.Equal(["1234/2 different qty", "4000/0 missing ", "999999/1 extra "], found.Repair!.Found.Single().Differences
                .Select(d => $"{d.Key["orderid"]}/{d.Key["line"]} {JsonNames.Of(d.Kind)} {string.Join(",", d.Columns ?? [])}").Order());
        }
        finally
        {
            SqlConnection.ClearAllPools();
            await ExecuteAsync(master, $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]");
        }
    }

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }
}
