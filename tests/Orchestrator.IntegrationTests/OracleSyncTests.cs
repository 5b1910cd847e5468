using System.Data.Common;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Sync from a real Oracle through LogMiner. Needs ORCH_TEST_ORACLE (see OracleMigrationTests), a build with the
/// Oracle provider (-p:WithOracle=true), and a database with supplemental logging and the LogMiner grants for the
/// user: without them, the test checks that sync refuses with the statements a DBA runs, and says it went no further.
/// </summary>
public class OracleSyncTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task LogMiner_changes_reach_the_target_or_sync_refuses_naming_what_the_dba_must_enable()
    {
        var oracle = Environment.GetEnvironmentVariable("ORCH_TEST_ORACLE");
        if (string.IsNullOrWhiteSpace(oracle))
            Assert.Skip("ORCH_TEST_ORACLE is not set: start Oracle (docker run -p 1521:1521 -e ORACLE_PASSWORD=pw -e APP_USER=chinook " +
                "-e APP_USER_PASSWORD=chinook gvenzl/oracle-free) and set it to that user's connection string");
        OracleProvider.TryRegister();
        if (!DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out var factory) || factory is null)
            Assert.Skip("the Oracle ADO.NET provider is not in this build: run the tests with -p:WithOracle=true");
        await using var source = factory!.CreateConnection()!;
        source.ConnectionString = oracle;
        await source.OpenAsync();
        await OracleMigrationTests.ExecuteAsync(source,
            "BEGIN EXECUTE IMMEDIATE 'DROP TABLE SYNC_ITEMS PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;");
        await OracleMigrationTests.ExecuteAsync(source,
            "CREATE TABLE SYNC_ITEMS (ID NUMBER(10) PRIMARY KEY, NAME VARCHAR2(50), QTY NUMBER(10,2), AT DATE)");
        await OracleMigrationTests.ExecuteAsync(source,
            "INSERT INTO SYNC_ITEMS SELECT LEVEL, 'item', 1.5, DATE '2024-01-01' FROM DUAL CONNECT BY LEVEL <= 500");
        await OracleMigrationTests.ExecuteAsync(source, "COMMIT");
        var owner = await OracleMigrationTests.ScalarAsync(source, "SELECT USER FROM DUAL");

        await using var target = await TestDatabase.CreateAsync("oracle_sync_dst");
        using var migrations = new Migrations(target, target);
        migrations.Connections["Legacy"] = oracle;
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations)
            .Replace("\"dialect\": \"postgres\"", "\"dialect\": \"oracle\"", StringComparison.Ordinal)
            .Replace("\"include\": [\"*\"]", $"\"include\": [\"{owner}.SYNC_ITEMS\"]", StringComparison.Ordinal));
        using var migrate = migrations.StartCli("migrate", "--spec", spec, "--id", "ora-sync");
        var stderr = migrate.StandardError.ReadToEndAsync();
        try
        {
            var started = await Task.WhenAny(migrate.WaitForExitAsync(), WriteLoad.UntilAsync(
                () => SyncRun.HasRowAsync(target, "SELECT count(*) FROM _migrator.sync_position"), Patience, "sync started"));
            if (migrate.HasExited)
            {
                var message = await stderr;
                Assert.True(migrate.ExitCode == 2, message);
                Assert.True(message.Contains("ADD SUPPLEMENTAL LOG DATA", StringComparison.Ordinal)
                    || message.Contains("GRANT LOGMINING", StringComparison.Ordinal), message);
                Assert.Skip($"this Oracle database is not set up for LogMiner (sync refused as it should): {message.Trim()}");
            }
            await started;
            await OracleMigrationTests.ExecuteAsync(source, "INSERT INTO SYNC_ITEMS VALUES (9001, 'new', 2.25, DATE '2025-05-05')");
            await OracleMigrationTests.ExecuteAsync(source, "UPDATE SYNC_ITEMS SET QTY = QTY + 1 WHERE ID BETWEEN 10 AND 20");
            await OracleMigrationTests.ExecuteAsync(source, "DELETE FROM SYNC_ITEMS WHERE ID BETWEEN 30 AND 35");
            await OracleMigrationTests.ExecuteAsync(source, "INSERT INTO SYNC_ITEMS VALUES (-1, 'sentinel', NULL, NULL)");
            await OracleMigrationTests.ExecuteAsync(source, "COMMIT");
            await WriteLoad.UntilAsync(() => SyncRun.HasRowAsync(target,
                $"SELECT count(*) FROM {owner!.ToLowerInvariant()}.sync_items WHERE id = -1"),
                Patience, "changes applied", migrate);
            Assert.Equal(496L, await target.ScalarAsync<long>($"SELECT count(*) FROM {owner!.ToLowerInvariant()}.sync_items"));
            Assert.Equal(762.75m, await target.ScalarAsync<decimal>($"SELECT sum(qty) FROM {owner.ToLowerInvariant()}.sync_items"));
        }
        finally
        {
            if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            await OracleMigrationTests.ExecuteAsync(source,
                "BEGIN EXECUTE IMMEDIATE 'DROP TABLE SYNC_ITEMS PURGE'; EXCEPTION WHEN OTHERS THEN NULL; END;");
        }
    }
}
