namespace Orchestrator.Core.Comparison;

/// <summary>What `compare --repair` did, kept in the target's _migrator schema: one row per repaired range.</summary>
static class RepairLedger
{
    public const string Create = """
        SELECT pg_advisory_xact_lock(hashtextextended('_migrator.compare_repairs', 0));
        CREATE SCHEMA IF NOT EXISTS _migrator;
        CREATE TABLE IF NOT EXISTS _migrator.compare_repairs (
            migration_id text NOT NULL,
            compare_id   text NOT NULL,
            table_schema text NOT NULL,
            table_name   text NOT NULL,
            key_range    text NOT NULL,
            inserted     bigint NOT NULL,
            updated      bigint NOT NULL,
            deleted      bigint NOT NULL,
            keys         jsonb NOT NULL,
            repaired_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (migration_id, compare_id, table_schema, table_name, key_range));
        """;

    // A repair that runs again (activities run at least once) finds nothing left to change and keeps the first record.
    public const string Record = """
        INSERT INTO _migrator.compare_repairs
               (migration_id, compare_id, table_schema, table_name, key_range, inserted, updated, deleted, keys)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT DO NOTHING
        """;
}
