-- =============================================================================
-- samples/ml-platform/legacy.sql: the demo source, a legacy ML-platform database.
--
-- Load with:  psql -v ON_ERROR_STOP=1 -d legacy_mlp -f samples/ml-platform/legacy.sql
-- Everything lives in schema mlp (lower-case names). Re-runnable: it drops and
-- recreates the schema. Deterministic: no random(), no now(); pseudo-random values
-- come from sha256()/md5() or a multiplicative hash of row numbers, so every load
-- gives identical data. About 1.2 million rows, ~115 MB of table data (~190 MB
-- with indexes); loads in 15-20 s on 2 cores.
--
--   mlp.datasets         40        training data sets (serial id)
--   mlp.model_registry   60        models: name+version, framework, metadata JSON as TEXT,
--                                  weights bytea (4-64 KiB, five of 512 KiB, three of 2 MiB,
--                                  NULL for drafts)
--   mlp.feature_sets     12
--   mlp.features         200       feature definitions (FK feature_sets)
--   mlp.feature_values   800,000   entity x feature x observation (bigserial id)
--   mlp.experiments      150       config JSON as TEXT (FK datasets)
--   mlp.training_runs    2,500     uuid run id, status enum, hyperparameters JSON as TEXT,
--                                  config XML as TEXT (FK model_registry, experiments)
--   mlp.run_metrics      249,600   per-step loss/accuracy time series (composite PK)
--   mlp.embeddings       50,000    64-dim float32 vectors as bytea (see below)
--   mlp.audit_log        100,100   NO primary key; 100 rows are exact duplicates
--
-- Embedding layout: mlp.embeddings.vector is 256 bytes = 64 IEEE-754 float32 values,
-- LITTLE-ENDIAN (what numpy's float32 .tobytes() produces on x86/ARM). The vectors
-- are product-quantised: four 16-dimension blocks, each picked from a 4,096-entry
-- codebook by a hash of (item_id, model_id, block). Codebook entry c, dimension k
-- holds sin(c * 0.618034 + k * 1.7) * 0.5 (as float4).
-- Decode in Python:  numpy.frombuffer(vector, dtype='<f4')   (64 values)
-- =============================================================================

SET client_min_messages = warning;
SET client_encoding = 'UTF8';
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';

DROP SCHEMA IF EXISTS mlp CASCADE;
CREATE SCHEMA mlp;

CREATE TYPE mlp.run_status AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- ----------------------------------------------------------------------------- tables
CREATE TABLE mlp.datasets (
    id           serial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    uri          text NOT NULL,
    format       text NOT NULL,
    row_count    bigint,
    size_bytes   bigint,
    schema_json  text,
    created_at   timestamptz NOT NULL
);

CREATE TABLE mlp.model_registry (
    id          serial PRIMARY KEY,
    name        text NOT NULL,
    version     integer NOT NULL,
    framework   text NOT NULL,
    stage       text NOT NULL DEFAULT 'staging',
    dataset_id  integer REFERENCES mlp.datasets (id),
    created_at  timestamptz NOT NULL,
    metadata    text,                       -- JSON, stored as text by the old ORM
    weights     bytea,                      -- serialized model; NULL while a draft
    CONSTRAINT model_registry_name_version_key UNIQUE (name, version)
);

CREATE TABLE mlp.feature_sets (
    id          serial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    owner       text NOT NULL,
    description text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE mlp.features (
    id              serial PRIMARY KEY,
    feature_set_id  integer NOT NULL REFERENCES mlp.feature_sets (id),
    name            text NOT NULL,
    dtype           text NOT NULL,
    default_value   double precision,
    description     text,
    created_at      timestamptz NOT NULL,
    CONSTRAINT features_set_name_key UNIQUE (feature_set_id, name)
);

CREATE TABLE mlp.feature_values (
    id           bigserial PRIMARY KEY,
    entity_id    bigint NOT NULL,
    feature_id   integer NOT NULL,
    value        double precision,
    observed_at  timestamptz NOT NULL,
    batch_id     integer NOT NULL,
    is_imputed   boolean NOT NULL DEFAULT false
);

CREATE TABLE mlp.experiments (
    id          serial PRIMARY KEY,
    name        text NOT NULL,
    owner       text NOT NULL,
    dataset_id  integer REFERENCES mlp.datasets (id),
    config      text,                       -- JSON as text
    description text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE mlp.training_runs (
    run_id           uuid PRIMARY KEY,
    model_id         integer NOT NULL REFERENCES mlp.model_registry (id),
    experiment_id    integer REFERENCES mlp.experiments (id) ON DELETE SET NULL,
    status           mlp.run_status NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    hyperparameters  text,                  -- JSON as text
    config           text,                  -- XML as text
    CONSTRAINT training_runs_finished_after_start CHECK (finished_at IS NULL OR finished_at >= started_at)
);

CREATE TABLE mlp.run_metrics (
    run_id       uuid NOT NULL,
    metric_name  text NOT NULL,
    step         integer NOT NULL,
    value        double precision NOT NULL,
    recorded_at  timestamptz NOT NULL
);

CREATE TABLE mlp.embeddings (
    item_id     bigint NOT NULL,
    model_id    integer NOT NULL,
    vector      bytea NOT NULL,             -- 64 x float32, little-endian
    created_at  timestamptz NOT NULL
);

CREATE TABLE mlp.audit_log (                -- no primary key: the legacy app only ever appended
    logged_at    timestamptz NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    object_type  text NOT NULL,
    object_id    text,
    client_ip    inet,
    details      text
);

-- ----------------------------------------------------------------------------- datasets
INSERT INTO mlp.datasets (id, name, uri, format, row_count, size_bytes, schema_json, created_at)
SELECT n,
       (ARRAY['clicks', 'sessions', 'transactions', 'catalog', 'support_tickets'])[1 + n % 5] || '_' || to_char(date '2021-01-01' + n * 23, 'YYYYMMDD'),
       's3://ml-legacy/datasets/' || n || '/part-*.' || (ARRAY['parquet', 'csv', 'tfrecord'])[1 + n % 3],
       (ARRAY['parquet', 'csv', 'tfrecord'])[1 + n % 3],
       CASE WHEN n % 11 = 0 THEN NULL ELSE (n * 2654435761) % 50000000 END,
       CASE WHEN n % 11 = 0 THEN NULL ELSE (n * 2654435761) % 50000000 * 112 END,
       CASE WHEN n % 4 = 0 THEN NULL
            ELSE '{"columns": [{"name": "user_id", "type": "int64"}, {"name": "ts", "type": "timestamp"}, {"name": "label", "type": "' || (ARRAY['bool', 'float', 'int'])[1 + n % 3] || '"}]}' END,
       timestamptz '2021-01-01 08:00:00+00' + n * interval '23 days 3 hours'
FROM generate_series(1, 40) AS n;
DO $$ BEGIN PERFORM setval('mlp.datasets_id_seq', 40); END $$;

-- ----------------------------------------------------------------------------- models
-- ids 1..60: name index (0..5) * 10 + version (1..10).
INSERT INTO mlp.model_registry (id, name, version, framework, stage, dataset_id, created_at, metadata, weights)
SELECT m.id, m.name, m.version, m.framework,
       CASE WHEN m.version = 10 THEN 'production' WHEN m.version = 9 THEN 'staging' ELSE 'archived' END,
       1 + (m.id * 7) % 40,
       m.created_at,
       CASE
         WHEN m.id % 17 = 0 THEN NULL
         WHEN m.id = 13 THEN '{"author": "legacy-import", "tags": ["broken'          -- truncated JSON, as found in production
         WHEN m.id % 5 = 0 THEN '{ "author" : "' || m.author || '",' || chr(10) || '  "tags" : [ "' || m.name || '" ],' || chr(10) || '  "metrics" : { "auc" : 0.' || (7000 + (m.id * 37) % 2999) || ' } }'
         ELSE '{"author": "' || m.author || '", "tags": ["' || m.name || '", "v' || m.version || '"], "metrics": {"auc": 0.' || (7000 + (m.id * 37) % 2999)
              || ', "logloss": 0.' || (1000 + (m.id * 53) % 8999) || '}, "notes": "trained on ' || to_char(m.created_at, 'YYYY-MM-DD') || ' – ünïcode ok"}'
       END,
       CASE WHEN m.version = 1 AND m.id % 3 = 0 THEN NULL                           -- drafts: no weights yet
            ELSE m.magic || (SELECT string_agg(sha256(int8send(m.id::bigint * 1000000 + g)), ''::bytea ORDER BY g)
                             FROM generate_series(1, m.blocks) AS g) END
FROM (
    SELECT (i - 1) * 10 + v AS id, name, v AS version, framework,
           (ARRAY['alice', 'bob', 'chandra', 'dmitri', 'eun-ji', 'françois'])[1 + (i * 3 + v) % 6] AS author,
           timestamptz '2021-03-01 09:00:00+00' + ((i - 1) * 10 + v) * interval '9 days 7 hours 13 minutes' AS created_at,
           CASE framework
             WHEN 'pytorch'    THEN '\x504b0304'::bytea                 -- zip (torch.save)
             WHEN 'tensorflow' THEN '\x894844460d0a1a0a'::bytea         -- HDF5 (Keras .h5)
             WHEN 'sklearn'    THEN '\x800495'::bytea                   -- pickle protocol 4
             ELSE                   '\x7b4c'::bytea                     -- xgboost UBJSON
           END AS magic,
           CASE WHEN (i - 1) * 10 + v IN (10, 30, 50) THEN 65536            -- 2 MiB
                WHEN v = 9 AND i <= 5 THEN 16384                             -- 512 KiB
                ELSE 128 + (((i - 1) * 10 + v) * 37 % 61) * 32               -- 4 KiB .. 64 KiB
           END AS blocks
    FROM (VALUES (1, 'churn-predictor', 'xgboost'), (2, 'fraud-detector', 'sklearn'), (3, 'item2vec', 'pytorch'),
                 (4, 'search-ranker', 'tensorflow'), (5, 'demand-forecast', 'pytorch'), (6, 'ctr-model', 'tensorflow'))
         AS names (i, name, framework),
         generate_series(1, 10) AS v
) AS m;
DO $$ BEGIN PERFORM setval('mlp.model_registry_id_seq', 75); END $$;   -- ids 61..75 were deleted long ago

-- ----------------------------------------------------------------------------- features
INSERT INTO mlp.feature_sets (id, name, owner, description, created_at)
SELECT n, s.name, (ARRAY['growth', 'risk', 'search', 'ads'])[1 + n % 4], 'Features about ' || replace(s.name, '_', ' '),
       timestamptz '2021-02-01 00:00:00+00' + n * interval '17 days'
FROM unnest(ARRAY['user_profile', 'user_activity', 'item_stats', 'item_text', 'session', 'payment',
                  'device', 'geo', 'seller', 'query', 'ads_delivery', 'support']) WITH ORDINALITY AS s (name, n);
DO $$ BEGIN PERFORM setval('mlp.feature_sets_id_seq', 12); END $$;

INSERT INTO mlp.features (id, feature_set_id, name, dtype, default_value, description, created_at)
SELECT n, 1 + (n - 1) / 17,
       (ARRAY['count', 'mean', 'max', 'min', 'ratio', 'days_since', 'is_active', 'bucket'])[1 + n % 8] || '_' || n,
       (ARRAY['float', 'int', 'bool', 'category'])[1 + n % 4],
       CASE WHEN n % 6 = 0 THEN NULL ELSE (n % 10) / 4.0 END,
       CASE WHEN n % 9 = 0 THEN NULL ELSE 'Feature #' || n || ', window ' || (1 + n % 30) || 'd' END,
       timestamptz '2021-02-01 00:00:00+00' + n * interval '2 days 5 hours'
FROM generate_series(1, 200) AS n;
DO $$ BEGIN PERFORM setval('mlp.features_id_seq', 200); END $$;

-- 10,000 entities x 20 features x 4 observations = 800,000 rows.
INSERT INTO mlp.feature_values (id, entity_id, feature_id, value, observed_at, batch_id, is_imputed)
SELECT (e - 1) * 80 + k * 4 + o + 1,
       100000 + e,
       1 + (e * 7 + k) % 200,
       CASE WHEN h % 97 = 0 THEN NULL                        -- missing observations
            WHEN h % 65537 = 0 THEN 'NaN'::float8             -- a few NaNs from an old bug
            ELSE sin(e * 0.013 + k * 0.7 + o) * 100 + (h % 1000) / 100.0 END,
       timestamptz '2023-01-01 00:00:00+00' + (e % 365) * interval '1 day' + o * interval '7 days' + (h % 86400) * interval '1 second',
       1 + (e - 1) / 500 * 4 + o,
       h % 50 = 0
FROM generate_series(1, 10000) AS e,
     generate_series(0, 19) AS k,
     generate_series(0, 3) AS o,
     LATERAL (SELECT ((e * 80 + k * 4 + o) * 2654435761) % 4294967296 AS h) AS hh;
DO $$ BEGIN PERFORM setval('mlp.feature_values_id_seq', 800000); END $$;

-- ----------------------------------------------------------------------------- experiments and runs
INSERT INTO mlp.experiments (id, name, owner, dataset_id, config, description, created_at)
SELECT n,
       (ARRAY['baseline', 'lr-sweep', 'feature-ablation', 'bigger-model', 'new-loss'])[1 + n % 5] || '-' || lpad(n::text, 3, '0'),
       (ARRAY['alice', 'bob', 'chandra', 'dmitri', 'eun-ji', 'françois'])[1 + n % 6],
       CASE WHEN n % 10 = 0 THEN NULL ELSE 1 + (n * 3) % 40 END,
       CASE WHEN n % 12 = 0 THEN NULL
            ELSE '{"objective": "' || (ARRAY['binary', 'regression', 'ranking'])[1 + n % 3] || '", "search_space": {"lr": [0.0001, 0.1], "depth": [3, ' || (4 + n % 8) || ']},'
                 || ' "max_trials": ' || (10 + n % 40) || ', "early_stopping": ' || CASE WHEN n % 2 = 0 THEN 'true' ELSE 'false' END || '}' END,
       CASE WHEN n % 3 = 0 THEN NULL ELSE 'Experiment ' || n || E': "quoted" notes, tabs\tand newlines\nincluded' END,
       timestamptz '2022-01-01 00:00:00+00' + n * interval '2 days 11 hours'
FROM generate_series(1, 150) AS n;
DO $$ BEGIN PERFORM setval('mlp.experiments_id_seq', 150); END $$;

INSERT INTO mlp.training_runs (run_id, model_id, experiment_id, status, started_at, finished_at, hyperparameters, config)
SELECT md5('run-' || n)::uuid,
       1 + (n - 1) % 60,
       CASE WHEN n % 40 = 0 THEN NULL ELSE 1 + (n - 1) % 150 END,
       s.status,
       CASE WHEN s.status = 'queued' THEN NULL ELSE s.started END,
       CASE WHEN s.status IN ('queued', 'running') THEN NULL ELSE s.started + (30 + n % 600) * interval '1 minute' + (n % 60) * interval '1 second' END,
       CASE WHEN n % 50 = 0 THEN NULL
            ELSE '{"learning_rate": ' || (ARRAY['0.1', '0.01', '0.001', '3e-4', '1e-05'])[1 + n % 5]
                 || ', "batch_size": ' || (32 * (1 + n % 8)) || ', "epochs": ' || (5 + n % 20)
                 || ', "optimizer": "' || (ARRAY['adam', 'sgd', 'adamw', 'rmsprop'])[1 + n % 4] || '", "dropout": ' || ((n % 5) / 10.0) || '}' END,
       '<?xml version="1.0" encoding="UTF-8"?>' || chr(10)
         || '<run-config version="2"><optimizer name="' || (ARRAY['adam', 'sgd', 'adamw', 'rmsprop'])[1 + n % 4] || '"><lr>'
         || (ARRAY['0.1', '0.01', '0.001', '3e-4', '1e-05'])[1 + n % 5] || '</lr></optimizer>'
         || '<data split="0.8" shuffle="' || CASE WHEN n % 2 = 0 THEN 'true' ELSE 'false' END || '"/>'
         || '<notes>' || CASE WHEN n % 7 = 0 THEN 'R&amp;D sweep &lt;v2&gt;' ELSE 'run ' || n END || '</notes></run-config>'
FROM generate_series(1, 2500) AS n,
     LATERAL (SELECT CASE WHEN n % 25 = 0 THEN 'queued'
                          WHEN n % 25 = 1 THEN 'running'
                          WHEN n % 13 = 0 THEN 'failed'
                          WHEN n % 37 = 0 THEN 'cancelled'
                          ELSE 'succeeded' END::mlp.run_status AS status,
                     timestamptz '2022-01-03 00:00:00+00' + n * interval '3 hours 17 minutes 11.5 seconds' AS started) AS s;

-- Every run that started logs loss and accuracy for 52 steps: 2,400 x 2 x 52 = 249,600 rows.
INSERT INTO mlp.run_metrics (run_id, metric_name, step, value, recorded_at)
SELECT r.run_id, mt.metric_name, st.step,
       CASE mt.metric_name
         WHEN 'loss' THEN 2.5 * exp(-st.step / 15.0) + ((('x' || substr(r.run_id::text, 1, 4))::bit(16)::int + st.step * 131) % 1000) / 20000.0
         ELSE 1 - 0.5 * exp(-st.step / 10.0) - ((('x' || substr(r.run_id::text, 5, 4))::bit(16)::int + st.step * 71) % 1000) / 50000.0
       END,
       r.started_at + st.step * interval '30 seconds' + (st.step % 7) * interval '1 millisecond'
FROM mlp.training_runs AS r,
     (VALUES ('loss'), ('accuracy')) AS mt (metric_name),
     generate_series(0, 51) AS st (step)
WHERE r.started_at IS NOT NULL;

-- ----------------------------------------------------------------------------- embeddings
-- Product-quantisation codebook: 4,096 blocks of 16 little-endian float32 values.
CREATE TEMP TABLE pq_codebook (code integer PRIMARY KEY, block bytea NOT NULL);
INSERT INTO pq_codebook (code, block)
SELECT c, string_agg(substr(be, 4, 1) || substr(be, 3, 1) || substr(be, 2, 1) || substr(be, 1, 1), ''::bytea ORDER BY k)
FROM generate_series(0, 4095) AS c,
     generate_series(0, 15) AS k,
     LATERAL (SELECT float4send((sin(c * 0.618034 + k * 1.7) * 0.5)::real) AS be) AS f
GROUP BY c;

-- 25,000 items x 2 models (item2vec v9 = id 29, v10 = id 30) = 50,000 vectors of 256 bytes.
INSERT INTO mlp.embeddings (item_id, model_id, vector, created_at)
SELECT e.item_id, e.model_id, b0.block || b1.block || b2.block || b3.block,
       timestamptz '2024-01-01 00:00:00+00' + (e.model_id - 29) * interval '30 days' + e.item_id * interval '1 second'
FROM (SELECT i AS item_id, m AS model_id, ((i * 4 + m) * 2654435761) % 4294967296 AS h
      FROM generate_series(1, 25000) AS i, generate_series(29, 30) AS m) AS e
JOIN pq_codebook AS b0 ON b0.code = e.h % 4096
JOIN pq_codebook AS b1 ON b1.code = (e.h / 4096) % 4096
JOIN pq_codebook AS b2 ON b2.code = (e.h / 16777216 + e.item_id) % 4096
JOIN pq_codebook AS b3 ON b3.code = (e.item_id * 7 + e.model_id) % 4096;
DROP TABLE pq_codebook;

-- ----------------------------------------------------------------------------- audit log
INSERT INTO mlp.audit_log (logged_at, actor, action, object_type, object_id, client_ip, details)
SELECT timestamptz '2022-01-01 00:00:00+00' + n * interval '4 minutes 33.123456 seconds',
       (ARRAY['alice', 'bob', 'chandra', 'dmitri', 'eun-ji', 'françois', 'scheduler', 'ci-bot'])[1 + n % 8],
       (ARRAY['create', 'update', 'delete', 'promote', 'download', 'login'])[1 + (n * 7) % 6],
       (ARRAY['model', 'dataset', 'experiment', 'run', 'feature'])[1 + n % 5],
       CASE WHEN n % 6 = 5 THEN NULL ELSE (1 + n % 2500)::text END,
       CASE WHEN n % 10 = 0 THEN NULL ELSE ('10.' || (n % 256) || '.' || ((n / 256) % 256) || '.' || (1 + n % 250))::inet END,
       CASE WHEN n % 4 = 0 THEN NULL ELSE '{"request_id": "' || md5(n::text) || '", "ok": ' || CASE WHEN n % 23 = 0 THEN 'false' ELSE 'true' END || '}' END
FROM generate_series(1, 100000) AS n;
-- The old client retried on timeouts: 100 rows were logged twice, identically.
INSERT INTO mlp.audit_log
SELECT * FROM mlp.audit_log
WHERE logged_at IN (SELECT timestamptz '2022-01-01 00:00:00+00' + n * interval '4 minutes 33.123456 seconds'
                    FROM generate_series(1000, 100000, 1000) AS n);

-- ----------------------------------------------------------------------------- model features
-- The features each model was trained on, with their importance: a many-to-many link table.
CREATE TABLE mlp.model_features (
    model_id    integer NOT NULL REFERENCES mlp.model_registry (id),
    feature_id  integer NOT NULL REFERENCES mlp.features (id),
    importance  double precision NOT NULL,
    PRIMARY KEY (model_id, feature_id)
);
INSERT INTO mlp.model_features
SELECT m, 1 + (m * 37 + k * 53) % 200, round(1.0 / k, 4) FROM generate_series(1, 60) AS m, generate_series(1, 8) AS k;

-- ----------------------------------------------------------------------------- keys and indexes (after the bulk load)
ALTER TABLE mlp.feature_values ADD CONSTRAINT feature_values_feature_id_fkey FOREIGN KEY (feature_id) REFERENCES mlp.features (id);
ALTER TABLE mlp.run_metrics ADD PRIMARY KEY (run_id, metric_name, step);
ALTER TABLE mlp.run_metrics ADD CONSTRAINT run_metrics_run_id_fkey FOREIGN KEY (run_id) REFERENCES mlp.training_runs (run_id) ON DELETE CASCADE;
ALTER TABLE mlp.embeddings ADD PRIMARY KEY (item_id, model_id);
ALTER TABLE mlp.embeddings ADD CONSTRAINT embeddings_model_id_fkey FOREIGN KEY (model_id) REFERENCES mlp.model_registry (id);
ALTER TABLE mlp.embeddings ADD CONSTRAINT embeddings_vector_64_float32 CHECK (octet_length(vector) = 256);

CREATE UNIQUE INDEX feature_values_entity_feature_time_idx ON mlp.feature_values (entity_id, feature_id, observed_at);
CREATE INDEX feature_values_feature_id_idx ON mlp.feature_values (feature_id);
CREATE INDEX training_runs_model_id_idx ON mlp.training_runs (model_id);
CREATE INDEX training_runs_active_idx ON mlp.training_runs (started_at) WHERE status IN ('queued', 'running');
CREATE INDEX model_registry_lower_name_idx ON mlp.model_registry (lower(name));
CREATE INDEX audit_log_logged_at_idx ON mlp.audit_log (logged_at);
CREATE INDEX embeddings_model_id_idx ON mlp.embeddings (model_id);

ANALYZE mlp.datasets, mlp.model_registry, mlp.feature_sets, mlp.features, mlp.feature_values,
        mlp.experiments, mlp.training_runs, mlp.run_metrics, mlp.embeddings, mlp.audit_log, mlp.model_features;
