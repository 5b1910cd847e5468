-- A legacy ML platform in miniature, one table per AI/ML shape the assessment reads, plus objects that are not
-- data (views, SQL and PL/pgSQL functions, a trigger, sequences) and a table whose name is hostile to HTML and SQL.
CREATE SCHEMA ml;

-- Embeddings stored as raw float32 bytes: 8 dimensions = 32 bytes, every row.
CREATE TABLE ml.items (id integer PRIMARY KEY, title text NOT NULL, embedding bytea NOT NULL);
INSERT INTO ml.items SELECT g, 'item ' || g, float4send(g::real) || float4send(1::real) || float4send(2::real) || float4send(3::real)
    || float4send(4::real) || float4send(5::real) || float4send(6::real) || float4send((g / 7.0)::real) FROM generate_series(1, 3000) g;

-- Embeddings as a numeric array of 12 and as JSON arrays of 10 numbers.
CREATE TABLE ml.features (id integer PRIMARY KEY, vec double precision[] NOT NULL);
INSERT INTO ml.features SELECT g, array_fill(g::float8 / 10, ARRAY[12]) FROM generate_series(1, 2000) g;
CREATE TABLE ml.json_vectors (id integer PRIMARY KEY, v jsonb NOT NULL);
INSERT INTO ml.json_vectors SELECT g, to_jsonb(array_fill(g::float8, ARRAY[10])) FROM generate_series(1, 500) g;

-- Model weights: three 2 MiB blobs.
CREATE TABLE ml.models (id integer PRIMARY KEY, name text NOT NULL, weights bytea NOT NULL);
INSERT INTO ml.models SELECT g, 'model ' || g, decode(repeat(md5(g::text), 131072), 'hex') FROM generate_series(1, 3) g;

-- Metrics appended in time order: 20,000 rows over ~2 years.
CREATE TABLE ml.metrics (id bigserial PRIMARY KEY, at timestamptz NOT NULL, value double precision);
INSERT INTO ml.metrics (at, value) SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 100 FROM generate_series(1, 20000) g;

-- JSON documents in a text column, XML in another.
CREATE TABLE ml.docs (id integer PRIMARY KEY, body text NOT NULL, markup text, updated_at timestamptz);
INSERT INTO ml.docs SELECT g, json_build_object('id', g, 'tags', json_build_array('a', 'b'))::text, '<doc n="' || g || '"/>', now()
    FROM generate_series(1, 1000) g;

-- Personal data by column name.
CREATE TABLE ml.people (id integer PRIMARY KEY, name text, email text, phone text, model_name text);
INSERT INTO ml.people SELECT g, 'person ' || g, 'p' || g || '@example.com', '+1 555 ' || g, 'm' FROM generate_series(1, 100) g;

-- numeric without precision: qty holds only integers (narrowable to bigint), price does not.
CREATE TABLE ml.amounts (id integer PRIMARY KEY, qty numeric, price numeric);
INSERT INTO ml.amounts SELECT g, g * 1000, g / 3.0 FROM generate_series(1, 1000) g;

-- A partitioned table: its partitions hold the rows, its columns are read once.
CREATE TABLE ml.events (id bigint NOT NULL, at timestamptz NOT NULL, user_email text) PARTITION BY RANGE (at);
CREATE TABLE ml.events_2024 PARTITION OF ml.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE ml.events_2025 PARTITION OF ml.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO ml.events SELECT g, timestamptz '2024-06-01' + g * interval '1 day', 'u' || g || '@example.com' FROM generate_series(1, 400) g;

-- A name hostile to HTML and SQL, with a hostile column.
CREATE TABLE ml."x""; DROP TABLE y; --<script>alert(1)</script>" (id integer PRIMARY KEY, "<img src=x onerror=alert(1)>" text);
INSERT INTO ml."x""; DROP TABLE y; --<script>alert(1)</script>" VALUES (1, 'a&b');

-- Objects that are not data.
CREATE VIEW ml.item_titles AS SELECT id, title FROM ml.items;
CREATE FUNCTION ml.add_one(n integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT n + 1';
CREATE FUNCTION ml.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER docs_touch BEFORE UPDATE ON ml.docs FOR EACH ROW EXECUTE FUNCTION ml.touch();
CREATE FUNCTION ml.count_rows(tbl text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %I', tbl) INTO n;
    RETURN n;
END $$;
CREATE FUNCTION ml.first_titles() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE c CURSOR FOR SELECT title FROM ml.items ORDER BY id; t text;
BEGIN
    OPEN c;
    FETCH c INTO t;
    RETURN NEXT t;
    CLOSE c;
END $$;
CREATE SEQUENCE ml.ticket_seq START 100;
ANALYZE;
