using Npgsql;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>What the sync tests ask of a scenario: a spec with sync on, and where the sync stands on both sides.</summary>
static class SyncRun
{
    public static string Spec(Migrations migrations, string extra = "", long rowsPerChunk = 4000) =>
        migrations.SpecJson(rowsPerChunk: rowsPerChunk, maxParallel: 2).TrimEnd().TrimEnd('}') +
        $$""", "sync": { "enabled": true, "waitSeconds": 0.2 }{{extra}} }""";

    /// <summary>
    /// The slot has reached its consistent point: every transaction that commits from now on is in its stream. While it
    /// is being created it is listed already, without a confirmed position, and what commits then is in the snapshot.
    /// </summary>
    public static async Task<bool> SlotConsistentAsync(TestDatabase source) => await source.ScalarAsync<long>(
        "SELECT count(*) FROM pg_replication_slots WHERE database = current_database() AND confirmed_flush_lsn IS NOT NULL") > 0;

    public static async Task<bool> SlotExistsAsync(TestDatabase source) =>
        await source.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()") > 0;

    /// <summary>Changes the sync has applied (-1 before it applied any).</summary>
    public static async Task<long> AppliedAsync(TestDatabase target, string id, string direction = "forward")
    {
        try
        {
            return await target.ScalarAsync<long?>(
                $"SELECT applied_changes FROM _migrator.sync_position WHERE migration_id = '{id}' AND direction = '{direction}'") ?? -1;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable) { return -1; }
    }

    public static async Task<bool> HasRowAsync(TestDatabase database, string sql)
    {
        try { return await database.ScalarAsync<long>(sql) > 0; }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return false;
        }
    }

    /// <summary>A row written after the load stops: once the target has it, it has every change before it (commit order).</summary>
    public static async Task<long> SentinelAsync(TestDatabase source, long id)
    {
        await source.ExecuteAsync($"INSERT INTO shop.customers (id, name) VALUES ({id}, 'sentinel')");
        return 1;
    }

    public static Task<bool> ArrivedAsync(TestDatabase target, long sentinel) =>
        HasRowAsync(target, $"SELECT count(*) FROM shop.customers WHERE id = {sentinel}");
}
