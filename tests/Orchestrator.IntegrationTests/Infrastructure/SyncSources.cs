namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Sources for the sync tests: keyed tables, a TOASTed column, a partitioned table, and a foreign key.</summary>
static class SyncSources
{
    public const string Shop = """
        CREATE SCHEMA shop;
        CREATE TABLE shop.customers (id bigint PRIMARY KEY, name text NOT NULL, notes text);
        -- Stored out of line uncompressed: every notes value over 2 kB is TOASTed.
        ALTER TABLE shop.customers ALTER COLUMN notes SET STORAGE EXTERNAL;
        INSERT INTO shop.customers SELECT g, 'customer ' || g, CASE WHEN g % 3 = 0 THEN repeat(md5(g::text), 200) END
        FROM generate_series(1, 3000) g;
        CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES shop.customers (id), amount numeric(12,2),
            placed_at timestamptz NOT NULL, note text);
        INSERT INTO shop.orders SELECT g, g % 3000 + 1, (g % 1000) * 1.25, timestamptz '2024-01-01' + g * interval '1 minute', md5(g::text)
        FROM generate_series(1, 40000) g;
        CREATE TABLE shop.events (id bigint NOT NULL, at date NOT NULL, kind text, n integer, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE shop.events_old PARTITION OF shop.events FOR VALUES FROM ('2020-01-01') TO ('2025-01-01');
        CREATE TABLE shop.events_new PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2030-01-01');
        INSERT INTO shop.events SELECT g, date '2024-01-01' + g % 700, 'kind ' || g % 5, g FROM generate_series(1, 20000) g;
        ANALYZE;
        """;
}
