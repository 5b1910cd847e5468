-- Each AI/ML shape a rule handles, with the bad values a legacy database really holds.
CREATE SCHEMA ml;
CREATE FUNCTION pg_temp.le(f real) RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT substring(float4send(f) from 4 for 1) || substring(float4send(f) from 3 for 1)
       || substring(float4send(f) from 2 for 1) || substring(float4send(f) from 1 for 1) $$;

-- The same 8 floats per row three ways: float32 little-endian bytes, JSON text, real[].
CREATE TEMP TABLE floats AS
SELECT i, d, ((sin(i * 7.1 + d) * 1000)::int / 997.0)::real AS v FROM generate_series(1, 3000) AS i, generate_series(1, 8) AS d;
CREATE TABLE ml.items (id bigint PRIMARY KEY, embedding bytea, emb_json text, emb_arr real[], label text);
INSERT INTO ml.items
SELECT i, string_agg(pg_temp.le(v), ''::bytea ORDER BY d), '[' || string_agg(v::text, ', ' ORDER BY d) || ']',
       array_agg(v ORDER BY d), 'item ' || i
FROM floats GROUP BY i;
UPDATE ml.items SET embedding = substring(embedding from 1 for 28) WHERE id = 17;            -- 7 floats
UPDATE ml.items SET embedding = pg_temp.le('NaN') || substring(embedding from 5) WHERE id = 23; -- NaN
UPDATE ml.items SET embedding = NULL WHERE id = 29;

-- Model weights: 4 distinct artifacts over 7 rows (identical ones stored once), one of 3.2 MB, one draft without.
CREATE TABLE ml.models (id int PRIMARY KEY, name text NOT NULL, weights bytea);
INSERT INTO ml.models
SELECT i, 'model ' || i,
       CASE WHEN i = 5 THEN NULL ELSE (SELECT string_agg(sha256(int8send(i % 4 * 1000000 + g)), ''::bytea ORDER BY g)
                                       FROM generate_series(1, CASE WHEN i % 4 = 3 THEN 100000 ELSE 500 END) AS g) END
FROM generate_series(1, 8) AS i;

-- Hourly metrics from mid-January to mid-May 2024: five monthly partitions.
-- A foreign key from the partitioned target: PostgreSQL refuses NOT VALID there, so it is added validated.
CREATE TABLE ml.metrics (id bigint PRIMARY KEY, at timestamptz NOT NULL, value double precision, item bigint REFERENCES ml.items (id));
INSERT INTO ml.metrics SELECT i, timestamptz '2024-01-15 00:00:00+00' + i * interval '1 hour', i / 7.0, 100 + i % 100 FROM generate_series(1, 3000) AS i;

CREATE TABLE ml.people (id int PRIMARY KEY, email text NOT NULL UNIQUE, phone text, full_name text, notes text);
INSERT INTO ml.people
SELECT i, 'user' || i || '@example.com', '+1-555-' || lpad(i::text, 4, '0'), 'Person ' || i, 'secret note ' || i
FROM generate_series(1, 500) AS i;

CREATE TABLE ml.docs (id int PRIMARY KEY, body text, config text, loose text);
INSERT INTO ml.docs SELECT i, '{"n": ' || i || ', "tags": ["a", "b"]}', '<cfg n="' || i || '"/>', '{"ok": ' || i || '}'
FROM generate_series(1, 200) AS i;
UPDATE ml.docs SET body = '{"broken": [' WHERE id = 13;
UPDATE ml.docs SET config = '<cfg><unclosed></cfg>' WHERE id = 14;
UPDATE ml.docs SET loose = 'not json at all' WHERE id = 15;
UPDATE ml.docs SET body = '{"nul": "a\u0000b"}' WHERE id = 16;
-- JSON as legacy code writes it: keys unordered and repeated, exponents, escapes. jsonb gives it back normalised.
UPDATE ml.docs SET body = '{"zeta": 1, "a": 1e2, "a": 2.50, "\u00e9t\u00e9": "tab\there \/ \u00e9", "n": [1.0e-2, -0, 12345678901234567890, 1E+3, 0.000]}' WHERE id = 20;
UPDATE ml.docs SET config = '<?xml version="1.0" encoding="UTF-8"?><cfg n="21"/>' WHERE id = 21;
UPDATE ml.docs SET config = '<?xml version="1.0"?>' || chr(10) || '<cfg n="22">' || chr(10) || '</cfg>' WHERE id = 22;
-- A check on the source encoding: meaningless (and failing) on vector(8), so it is reported, not created.
ALTER TABLE ml.items ADD CONSTRAINT items_embedding_32_bytes CHECK (octet_length(embedding) = 32) NOT VALID;
ANALYZE;
