using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The spec's rules on a real PostgreSQL with pgvector: embeddings become vector(8) with an HNSW index and wrong
/// rows go to the rejects with their reason; artifacts leave the rows for the store; metrics land in monthly
/// partitions; personal data is hashed, tokenised, redacted or nulled; documents are checked.
/// </summary>
public class AiShapesTests
{
    internal const string Salt = "pepper-for-tests";

    internal static string Rules => """
        "rules": [
          { "table": "ml.items", "column": "embedding",
            "vector": { "from": "float32le", "dimensions": 8, "index": "hnsw", "distance": "cosine" } },
          { "table": "ml.items", "column": "emb_json", "vector": { "from": "json", "dimensions": 8, "index": "none" } },
          { "table": "ml.items", "column": "emb_arr",
            "vector": { "from": "array", "dimensions": 8, "index": "ivfflat", "distance": "l2" } },
          { "table": "ml.models", "column": "weights", "artifact": { "mode": "external" } },
          { "table": "ml.metrics", "column": "at", "timeSeries": { "interval": "month" } },
          { "table": "ml.people", "column": "email", "pii": { "transform": "hash" } },
          { "table": "ml.people", "column": "phone", "pii": { "transform": "tokenize" } },
          { "table": "ml.people", "column": "full_name", "pii": { "transform": "redact" } },
          { "table": "ml.people", "column": "notes", "pii": { "transform": "null" } },
          { "table": "ml.docs", "column": "body", "document": { "as": "jsonb", "invalid": "reject" } },
          { "table": "ml.docs", "column": "config", "document": { "as": "xml" } },
          { "table": "ml.docs", "column": "loose", "document": { "as": "jsonb", "invalid": "text" } }
        ]
        """;

    internal static string WithRules(string spec) => spec.TrimEnd().TrimEnd('}') + ",\n" + Rules + " }";

    [Fact]
    public async Task Every_shape_lands_in_its_target_form_and_refused_rows_are_in_the_rejects()
    {
        await using var scenario = await Scenario.CreateAsync("shapes", Scenario.Fixture("ai_shapes.sql"));
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        migrations.Environment["Secrets__PiiSalt"] = Salt;
        var spec = WithRules(migrations.SpecJson(rowsPerChunk: 1000));

        var result = await migrations.RunAsync(spec, "shapes");
        var reportText = File.ReadAllText(Path.Combine(migrations.StagingRoot, "shapes", "report.json"));
        Assert.True(result.Passed, reportText);
        Assert.Equal(5, result.Rejects); // items 17 (7 floats) and 23 (NaN); docs 13, 14 (invalid) and 16 (\u0000)

        // Embeddings: every float exactly as the source's real[], through all three encodings.
        Assert.Equal("vector(8)", await target.ScalarAsync<string>(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'ml.items'::regclass AND attname = 'embedding'"));
        var expected = await FloatsAsync(source, "SELECT id, emb_arr FROM ml.items WHERE id NOT IN (17, 23) ORDER BY id");
        Assert.Equal(expected, await FloatsAsync(target, "SELECT id, emb_arr::real[] FROM ml.items ORDER BY id"));
        Assert.Equal(expected, await FloatsAsync(target, "SELECT id, emb_json::real[] FROM ml.items ORDER BY id"));
        Assert.Equal(expected.Where(e => e.Key != 29),
            await FloatsAsync(target, "SELECT id, embedding::real[] FROM ml.items WHERE embedding IS NOT NULL ORDER BY id"));
        Assert.Contains("USING hnsw (embedding vector_cosine_ops)", await target.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'items' AND indexdef LIKE '%hnsw%'"));
        Assert.Contains("USING ivfflat (emb_arr) WITH (lists", await target.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'items' AND indexdef LIKE '%ivfflat%'"));
        // Items 1 and 201 hold the same floats (sin is periodic): item 1 is among the nearest at distance 0.
        Assert.Equal(1L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT id, embedding <=> (SELECT embedding FROM ml.items WHERE id = 1) AS d FROM ml.items " +
            "ORDER BY embedding <=> (SELECT embedding FROM ml.items WHERE id = 1) LIMIT 5) n WHERE id = 1 AND d < 1e-6"));

        var rejects = await target.StringsAsync(
            "SELECT table_name || ' ' || (source_row->>'id') || ' ' || reason FROM _migrator.rejects " +
            "ORDER BY table_name, (source_row->>'id')::int");
        Assert.Collection(rejects,
            r => Assert.Equal("docs 13 body: not valid JSON", r[..28]),
            r => Assert.StartsWith("docs 14 config: not well-formed XML", r),
            r => Assert.Contains("docs 16 body: not valid JSON: \\u0000", r),
            r => Assert.Equal("items 17 embedding: embedding has 7 dimensions, expected 8", r),
            r => Assert.Equal("items 23 embedding: embedding holds NaN at position 0; pgvector stores finite values only", r));
        Assert.Equal("item 17", await target.ScalarAsync<string>(
            "SELECT source_row->>'label' FROM _migrator.rejects WHERE source_row->>'id' = '17'"));

        // Artifacts: rows keep {uri, sha256, bytes}; the store holds each distinct artifact once, byte-identical.
        var sources = await PairsAsync(source,
            "SELECT id, encode(sha256(weights), 'hex') || ':' || length(weights) FROM ml.models WHERE weights IS NOT NULL ORDER BY id");
        var refs = await PairsAsync(target,
            "SELECT id, (weights->>'sha256') || ':' || (weights->>'bytes') FROM ml.models WHERE weights IS NOT NULL ORDER BY id");
        Assert.Equal(sources, refs);
        Assert.Equal(7, refs.Count);
        Assert.Equal(1L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.models WHERE id = 5 AND weights IS NULL"));
        var stored = Directory.GetFiles(Path.Combine(migrations.StagingRoot, "artifacts", "sha256"));
        Assert.Equal(4, stored.Length);
        foreach (var uri in await target.StringsAsync("SELECT DISTINCT weights->>'uri' FROM ml.models WHERE weights IS NOT NULL"))
        {
            var path = new Uri(uri).LocalPath;
            Assert.Equal(Path.GetFileName(path), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(migrations.StagingRoot, "artifacts", "incoming")));

        // Time series: a partitioned table, one partition per month plus a default, every row in place.
        Assert.Equal("p", await target.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'ml.metrics'::regclass"));
        Assert.Equal(["metrics_default", "metrics_p202401", "metrics_p202402", "metrics_p202403", "metrics_p202404", "metrics_p202405"],
            await target.StringsAsync("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid " +
                "WHERE i.inhparent = 'ml.metrics'::regclass ORDER BY 1"));
        Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.metrics_default"));
        Assert.Equal(3000L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.metrics"));
        Assert.Equal(1L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'ml.metrics'::regclass AND contype = 'f' AND convalidated"));
        Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conname = 'items_embedding_32_bytes'"));
        Assert.Equal("PRIMARY KEY (id, at)", await target.ScalarAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'ml.metrics'::regclass AND contype = 'p'"));
        using (var report = JsonDocument.Parse(reportText))
        {
            var tables = report.RootElement.GetProperty("tables").EnumerateArray().ToList();
            var metrics = tables.Single(t => t.GetProperty("source").GetString() == "ml.metrics");
            Assert.Equal(5, metrics.GetProperty("chunks").GetInt32()); // one per partition; the first and last are open-ended
            var items = tables.Single(t => t.GetProperty("source").GetString() == "ml.items");
            Assert.Equal(3, items.GetProperty("vectors").GetArrayLength());
            Assert.Equal(4, tables.Single(t => t.GetProperty("source").GetString() == "ml.models")
                .GetProperty("artifactsVerified").GetInt64());
            var lineage = report.RootElement.GetProperty("lineage").EnumerateArray().ToList();
            Assert.Equal(tables.Count, lineage.Count);
            var people = lineage.Single(l => l.GetProperty("job").GetProperty("name").GetString() == "shapes.ml.people");
            Assert.Equal("pii: hash", people.GetProperty("outputs")[0].GetProperty("facets")
                .GetProperty("columnLineage").GetProperty("fields")
                .GetProperty("email").GetProperty("transformationDescription").GetString());
            Assert.DoesNotContain(Salt, reportText);
        }

        // Personal data: no source value reaches the target.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Salt + "user7@example.com"))),
            await target.ScalarAsync<string>("SELECT email FROM ml.people WHERE id = 7"));
        Assert.Equal(
            Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Salt), Encoding.UTF8.GetBytes("+1-555-0007")))[..24],
            (await target.ScalarAsync<string>("SELECT phone FROM ml.people WHERE id = 7"))["tok_".Length..]);
        Assert.Equal(500L, await target.ScalarAsync<long>("SELECT count(DISTINCT email) + 0 * count(DISTINCT phone) FROM ml.people"));
        Assert.Equal(500L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM ml.people WHERE full_name = '[redacted]' AND notes IS NULL AND email !~ '@' AND phone LIKE 'tok\\_%'"));

        // Documents: jsonb and xml; the invalid loose value kept as a JSON string.
        Assert.Equal("{\"n\": 7, \"tags\": [\"a\", \"b\"]}",
            await target.ScalarAsync<string>("SELECT body::text FROM ml.docs WHERE id = 7"));
        Assert.Equal("\"not json at all\"", await target.ScalarAsync<string>("SELECT loose::text FROM ml.docs WHERE id = 15"));
        Assert.Equal("xml", await target.ScalarAsync<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'docs' AND column_name = 'config'"));
        Assert.Equal(197L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.docs"));
        // Staged in jsonb's own form (the chunk digests passed above): keys by length, numbers as numeric prints them.
        Assert.Equal("{\"a\": 2.50, \"n\": [0.010, 0, 12345678901234567890, 1000, 0.000], \"zeta\": 1, \"été\": \"tab\\there / é\"}",
            await target.ScalarAsync<string>("SELECT body::text FROM ml.docs WHERE id = 20"));

        // Lineage on the target: each chunk's query, position and rejects.
        Assert.Equal(0L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM _migrator.load_ledger WHERE migration_id = 'shapes' " +
            "AND (source_query IS NULL OR source_position IS NULL OR extracted_at IS NULL)"));
        Assert.Equal(5L, await target.ScalarAsync<long>(
            "SELECT sum(rejects)::bigint FROM _migrator.load_ledger WHERE migration_id = 'shapes'"));

        // A resume changes nothing: no chunk is loaded twice, no reject is recorded twice.
        var again = await migrations.RunAsync(spec, "shapes");
        Assert.True(again.Passed);
        Assert.Equal(5L, await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.rejects"));
        Assert.Equal(2998L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.items"));
    }

    [Fact]
    public async Task Artifacts_stream_into_the_blob_container_once_each_and_are_verified_from_it()
    {
        var blob = TestServers.RequireBlob();
        await using var scenario = await Scenario.CreateAsync("artblob", Scenario.Fixture("ai_shapes.sql"));
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var container = $"art-{Guid.NewGuid():N}"[..20];
        var spec = migrations.SpecJson(staging: Migrations.BlobStaging(container), include: "ml.models").TrimEnd().TrimEnd('}') + """
            , "rules": [ { "table": "ml.models", "column": "weights", "artifact": { "mode": "threshold", "thresholdBytes": 20000 } } ] }
            """;
        var result = await migrations.RunAsync(spec, "artblob");
        Assert.True(result.Passed);

        var client = new Azure.Storage.Blobs.BlobContainerClient(blob, container);
        var stored = new List<string>();
        await foreach (var item in client.GetBlobsAsync(
                           Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "artifacts/",
                           CancellationToken.None))
            stored.Add(item.Name);
        // 16,000-byte weights stay inline (threshold 20,000); the two 3.2 MB ones are one artifact.
        var big = await PairsAsync(source,
            "SELECT id, encode(sha256(weights), 'hex') FROM ml.models WHERE length(weights) > 20000 ORDER BY id");
        Assert.Equal(2, big.Count);
        Assert.Equal([$"artifacts/sha256/{big[0].Value}"], stored);
        Assert.Equal(big, await PairsAsync(target, "SELECT id, weights->>'sha256' FROM ml.models WHERE weights ? 'uri' ORDER BY id"));
        Assert.Equal($"{client.Uri.GetLeftPart(UriPartial.Path)}/artifacts/sha256/{big[0].Value}",
            await target.ScalarAsync<string>("SELECT DISTINCT weights->>'uri' FROM ml.models WHERE weights ? 'uri'"));
        Assert.Equal(
            await PairsAsync(source,
                "SELECT id, translate(encode(weights, 'base64'), chr(10), '') FROM ml.models WHERE length(weights) <= 20000 ORDER BY id"),
            await PairsAsync(target, "SELECT id, weights->>'base64' FROM ml.models WHERE weights ? 'base64' ORDER BY id"));
    }

    [Fact]
    public async Task The_command_line_migrates_with_rules_and_a_later_process_validates_from_the_frozen_catalog()
    {
        await using var scenario = await Scenario.CreateAsync("clirules", Scenario.Fixture("ai_shapes.sql"));
        var migrations = scenario.Migrations;
        migrations.Environment["Secrets__PiiSalt"] = Salt;
        var specPath = migrations.WriteSpec(WithRules(migrations.SpecJson(rowsPerChunk: 700)));
        var run = await migrations.RunCliAsync("migrate", "--spec", specPath, "--id", "clirules");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("5 rejects", run.Stdout);
        Assert.DoesNotContain(Salt, run.All);

        var validate = await migrations.RunCliAsync("validate", "--spec", specPath, "--id", "clirules");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("ml.models: 4 distinct artifacts re-hashed from the store", validate.Stdout);
        Assert.Contains("ml.docs: 3 rows rejected with their reason", validate.Stdout);
        Assert.Contains("embedding.norms: extracted 2997 vectors", validate.Stdout);
    }

    [Fact]
    public async Task A_pii_rule_without_a_salt_stops_before_anything_moves()
    {
        await using var scenario = await Scenario.CreateAsync("nosalt", Scenario.Fixture("ai_shapes.sql"));
        var migrations = scenario.Migrations;
        var run = await migrations.RunCliAsync(
            "migrate", "--spec", migrations.WriteSpec(WithRules(migrations.SpecJson())), "--id", "nosalt");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("rules[5].pii: transform hash needs a salt; set the environment variable Secrets__PiiSalt", run.All);
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'ml'"));
    }

    [Fact]
    public async Task Rules_that_cannot_apply_name_the_rule_and_the_column()
    {
        await using var scenario = await Scenario.CreateAsync("badrule", Scenario.Fixture("ai_shapes.sql"));
        var migrations = scenario.Migrations;
        var spec = migrations.SpecJson().TrimEnd().TrimEnd('}') + """
            , "rules": [
              { "table": "ml.items", "column": "label", "vector": { "from": "float32le", "dimensions": 8 } },
              { "table": "ml.nope", "column": "x", "pii": { "transform": "redact" } },
              { "table": "ml.metrics", "column": "value", "timeSeries": { "interval": "month" } },
              { "table": "ml.items", "column": "id", "pii": { "transform": "redact" } },
              { "table": "ml.items", "column": "emb_json", "vector": { "from": "json", "dimensions": 0 } }
            ] }
            """;
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "badrule");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("rules[4].vector.dimensions: must be between 1 and 16000 (got 0)", run.All);

        spec = spec.Replace("\"dimensions\": 0", "\"dimensions\": 8");
        run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "badrule");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("rules[0]: vector.from: float32le reads binary values, but column label (text) is not binary", run.All);
        Assert.Contains("rules[1].table: ml.nope is not among the migrated tables", run.All);
        Assert.Contains("rules[2].column: timeSeries needs a date or timestamp column; value is double precision", run.All);
        Assert.Contains("rules[3].column: ml.items.id is part of a key; only pii hash or tokenize keeps a key unique", run.All);
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'ml'"));
    }

    static async Task<List<KeyValuePair<long, string>>> FloatsAsync(TestDatabase db, string sql)
    {
        var rows = new List<KeyValuePair<long, string>>();
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new(reader.GetInt64(0),
                string.Join(",", reader.GetFieldValue<float[]>(1).Select(f => BitConverter.SingleToInt32Bits(f)))));
        return rows;
    }

    static async Task<List<KeyValuePair<long, string>>> PairsAsync(TestDatabase db, string sql)
    {
        var rows = new List<KeyValuePair<long, string>>();
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(new(Convert.ToInt64(reader.GetValue(0)), reader.GetString(1)));
        return rows;
    }
}
