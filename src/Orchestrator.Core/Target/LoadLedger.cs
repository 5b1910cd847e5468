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
        -- Lineage: what each chunk read from the source (query, position) and how many of its rows were rejected.
        ALTER TABLE _migrator.load_ledger ADD COLUMN IF NOT EXISTS source_query text;
        ALTER TABLE _migrator.load_ledger ADD COLUMN IF NOT EXISTS rejects bigint NOT NULL DEFAULT 0;
        ALTER TABLE _migrator.load_ledger ADD COLUMN IF NOT EXISTS extracted_at timestamptz;
        ALTER TABLE _migrator.load_ledger ADD COLUMN IF NOT EXISTS vector_norms jsonb;
        -- Autovacuum is off on a table while its chunks load (set by prepare, reset by finalize): see PostgresTarget.PauseAutovacuumAsync.
        ALTER TABLE _migrator.prepared_tables ADD COLUMN IF NOT EXISTS autovacuum_paused boolean NOT NULL DEFAULT false;
        -- Validation and finalize look a table up by name once each: without these, each lookup reads every row of the
        -- migration, and a migration of many tables does that once per table.
        CREATE INDEX IF NOT EXISTS load_ledger_by_table ON _migrator.load_ledger (migration_id, table_schema, table_name);
        CREATE INDEX IF NOT EXISTS prepared_tables_paused ON _migrator.prepared_tables (table_schema, table_name) WHERE autovacuum_paused;
        -- Rows a rule refused (wrong vector dimension, invalid document, ...): the source row and the reason, loaded
        -- with their chunk in the same transaction, so every source row is in its table or here.
        CREATE TABLE IF NOT EXISTS _migrator.rejects (
            migration_id text NOT NULL,
            chunk_id     text NOT NULL,
            row_number   bigint NOT NULL,
            table_schema text NOT NULL,
            table_name   text NOT NULL,
            reason       text NOT NULL,
            source_row   jsonb NOT NULL,
            PRIMARY KEY (migration_id, chunk_id, row_number));
        """;

    public const string FindChunk = "SELECT rows, digest FROM _migrator.load_ledger WHERE migration_id = $1 AND chunk_id = $2";

    public const string RecordChunk = """
        INSERT INTO _migrator.load_ledger (migration_id, chunk_id, table_schema, table_name, rows, digest, source_position,
            source_query, rejects, extracted_at, vector_norms)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
        """;

    public const string RecordReject = """
        INSERT INTO _migrator.rejects (migration_id, chunk_id, row_number, table_schema, table_name, reason, source_row)
        VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
        """;

    public const string TableNorms = "SELECT vector_norms::text FROM _migrator.load_ledger WHERE migration_id = $1 AND table_schema = " +
        "$2 AND table_name = $3 AND vector_norms IS NOT NULL";

    public const string TableChunks = "SELECT rows, digest, rejects FROM _migrator.load_ledger WHERE migration_id = $1 AND " +
        "table_schema = $2 AND table_name = $3";

    public const string PreparedTables = "SELECT table_schema, table_name FROM _migrator.prepared_tables WHERE migration_id = $1";

    public const string RecordPrepared = "INSERT INTO _migrator.prepared_tables (migration_id, table_schema, table_name, " +
        "autovacuum_paused) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

    /// <summary>
    /// A plain table whose own settings, and its TOAST table's, leave autovacuum alone (a user's explicit setting on
    /// either is never touched: prepare sets and finalize resets both together).
    /// </summary>
    public const string CanPauseAutovacuum = """
        SELECT 1 FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
        WHERE c.oid = $1::regclass AND c.relkind = 'r'
          AND NOT coalesce(array_to_string(c.reloptions, ',') LIKE '%autovacuum_enabled=%', false)
          AND NOT coalesce(array_to_string(t.reloptions, ',') LIKE '%autovacuum_enabled=%', false)
        """;

    /// <summary>A row when a table's autovacuum pause mark is set (by any migration).</summary>
    public const string IsAutovacuumPaused =
        "SELECT 1 FROM _migrator.prepared_tables WHERE table_schema = $1 AND table_name = $2 AND autovacuum_paused";

    /// <summary>Clears the pause mark of a table (every migration's).</summary>
    public const string ClearAutovacuumPause =
        "UPDATE _migrator.prepared_tables SET autovacuum_paused = false WHERE table_schema = $1 AND table_name = $2 AND autovacuum_paused";

    /// <summary>Serialises work on one key (a chunk, or a migration's prepare) across processes, for the transaction.</summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
}
