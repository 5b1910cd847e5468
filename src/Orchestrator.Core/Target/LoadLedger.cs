namespace Orchestrator.Core.Target;

/// <summary>
/// Target-side bookkeeping in schema _migrator: which chunks each migration loaded (written in the same transaction
/// as the chunk's COPY, which is what makes loading exactly-once) and which tables it prepared.
/// </summary>
static class LoadLedger
{
    public const string Schema = "_migrator";

    public const string Create = """
        CREATE SCHEMA IF NOT EXISTS _migrator;
        CREATE TABLE IF NOT EXISTS _migrator.load_ledger (
            migration_id text NOT NULL,
            chunk_id     text NOT NULL,
            table_schema text NOT NULL,
            table_name   text NOT NULL,
            rows         bigint NOT NULL,
            digest       text NOT NULL,
            source_position text,
            loaded_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (migration_id, chunk_id));
        CREATE TABLE IF NOT EXISTS _migrator.prepared_tables (
            migration_id text NOT NULL,
            table_schema text NOT NULL,
            table_name   text NOT NULL,
            prepared_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (migration_id, table_schema, table_name));
        """;

    public const string FindChunk = "SELECT rows, digest FROM _migrator.load_ledger WHERE migration_id = $1 AND chunk_id = $2";

    public const string RecordChunk = """
        INSERT INTO _migrator.load_ledger (migration_id, chunk_id, table_schema, table_name, rows, digest, source_position)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    public const string IsPrepared = "SELECT 1 FROM _migrator.prepared_tables WHERE migration_id = $1 AND table_schema = $2 AND table_name = $3";

    public const string RecordPrepared = "INSERT INTO _migrator.prepared_tables (migration_id, table_schema, table_name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

    /// <summary>Serialises work on one key (a chunk, or a migration's prepare) across processes, for the transaction.</summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
}
