using Microsoft.Data.SqlClient;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Sync from a real SQL Server through change tracking, and its refusal where neither change tracking nor CDC is on.
/// Runs when ORCH_TEST_SQLSERVER holds a connection string whose login may create databases (see SqlServerMigrationTests).
/// </summary>
public class SqlServerSyncTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Change_tracking_changes_reach_the_target_and_cutover_completes_and_untracked_tables_are_refused_with_the_statements()
    {
        var server = Environment.GetEnvironmentVariable("ORCH_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
            Assert.Skip("ORCH_TEST_SQLSERVER is not set: point it at a SQL Server " +
                "(e.g. a mcr.microsoft.com/mssql/server:2022-latest container) " +
                "whose login may create databases, and set ORCH_TEST_PG for the target");
        var database = "sync_" + Guid.NewGuid().ToString("N")[..8];
        var master = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString;
        var source = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        await SqlServerMigrationTests.ExecuteAsync(master, $"CREATE DATABASE [{database}]");
        try
        {
            await SqlServerMigrationTests.ExecuteAsync(master,
                $"ALTER DATABASE [{database}] SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 1 DAYS, AUTO_CLEANUP = ON)");
            await SqlServerMigrationTests.ExecuteAsync(master, $"ALTER DATABASE [{database}] SET ALLOW_SNAPSHOT_ISOLATION ON");
            await SqlServerMigrationTests.ExecuteAsync(source, """
                CREATE TABLE dbo.items (id int PRIMARY KEY, name nvarchar(50) NOT NULL, qty decimal(10,2), at datetime2(3), flag bit);
                ALTER TABLE dbo.items ENABLE CHANGE_TRACKING;
                INSERT INTO dbo.items SELECT TOP (2000) ROW_NUMBER() OVER (ORDER BY (SELECT 1)), N'item', 1.5, '2024-01-01T10:00:00.123', 1
                    FROM sys.all_objects a CROSS JOIN sys.all_objects b;
                CREATE TABLE dbo.untracked (id int PRIMARY KEY, v int);
                INSERT INTO dbo.untracked VALUES (1, 1);
                """);
            await using var target = await TestDatabase.CreateAsync("mssql_sync_dst");
            using var migrations = new Migrations(target, target);
            migrations.Connections["Legacy"] = source;
            string Spec(string exclude)
                => SyncRun.Spec(migrations).Replace("\"dialect\": \"postgres\"", "\"dialect\": \"sqlserver\"", StringComparison.Ordinal)
                .Replace("\"exclude\": []", $"\"exclude\": [{exclude}]", StringComparison.Ordinal);

            var refused = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(Spec("")), "--id", "mssql-refused");
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains("captures no changes of dbo.untracked", refused.Stderr);
            Assert.Contains("ALTER TABLE [dbo].[untracked] ENABLE CHANGE_TRACKING;", refused.Stderr);

            var spec = migrations.WriteSpec(Spec("\"dbo.untracked\""));
            using var migrate = migrations.StartCli("migrate", "--spec", spec, "--id", "mssql-sync");
            try
            {
                await WriteLoad.UntilAsync(async () => await SyncRun.AppliedAsync(target, "mssql-sync") >= 0
                    || await SyncRun.HasRowAsync(target, "SELECT count(*) FROM _migrator.sync_position"), Patience,
                    "sync started", migrate);
                await SqlServerMigrationTests.ExecuteAsync(source, """
                    INSERT INTO dbo.items VALUES (5001, N'new ☃', 2.25, '2025-05-05T05:05:05.5', 0);
                    UPDATE dbo.items SET qty = qty + 1, name = N'changed' WHERE id BETWEEN 10 AND 20;
                    DELETE FROM dbo.items WHERE id BETWEEN 30 AND 35;
                    INSERT INTO dbo.items VALUES (-1, N'sentinel', NULL, NULL, NULL);
                    """);
                await WriteLoad.UntilAsync(() => SyncRun.HasRowAsync(target, "SELECT count(*) FROM dbo.items WHERE id = -1"), Patience,
                    "changes applied", migrate);
                Assert.Equal(1996L, await target.ScalarAsync<long>("SELECT count(*) FROM dbo.items"));
                Assert.Equal(await SqlServerMigrationTests.SqlScalarAsync<decimal>(source, "SELECT SUM(qty) FROM dbo.items"),
                    await target.ScalarAsync<decimal>("SELECT sum(qty) FROM dbo.items"));
                Assert.Equal("new ☃", await target.ScalarAsync<string>("SELECT name FROM dbo.items WHERE id = 5001"));

                var cutover = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "mssql-sync");
                Assert.True(cutover.ExitCode == 0, cutover.ToString());
                Assert.Contains("Rows written to the new database since then are not carried back", cutover.Stdout);
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await migrate.WaitForExitAsync(exit.Token);
                Assert.Equal(0, migrate.ExitCode);
            }
            finally
            {
                if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            await SqlServerMigrationTests.ExecuteAsync(master,
                $"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]");
        }
    }
}
