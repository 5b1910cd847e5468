using Orchestrator.Core.Spec;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Spec;

public class SpecLoaderTests
{
    const string Valid = """
        { "source":   { "dialect": "postgres", "connection": "Legacy" },
          "target":   { "connection": "Modern" },
          "staging":  { "kind": "local", "path": "/var/tmp/migrations" },
          "tables":   { "include": ["*"], "exclude": [] },
          "chunking": { "rowsPerChunk": 250000, "maxParallel": 4 } }
        """;

    static string ErrorOf(string json) => Assert.Throws<SpecException>(() => SpecLoader.Parse(json, SourceDialects.Traits)).Message;

    [Fact]
    public void The_documented_shape_parses()
    {
        var spec = SpecLoader.Parse(Valid, SourceDialects.Traits);
        Assert.Equal("postgres", spec.Source.Dialect);
        Assert.Equal("Modern", spec.Target.Connection);
        Assert.Equal("/var/tmp/migrations", spec.Staging.Path);
        Assert.Equal(250_000, spec.Chunking.RowsPerChunk);
        Assert.Equal(4, spec.Chunking.MaxParallel);
        Assert.True(spec.Validation.Digests);
    }

    [Fact]
    public void Blob_staging_parses()
    {
        var spec = SpecLoader.Parse(Valid.Replace("""{ "kind": "local", "path": "/var/tmp/migrations" }""",
            """{ "kind": "blob", "connection": "Staging", "container": "migrations" }"""), SourceDialects.Traits);
        Assert.Equal("blob", spec.Staging.Kind);
        Assert.Equal("migrations", spec.Staging.Container);
    }

    [Fact]
    public void Unknown_field_names_its_path() =>
        Assert.Contains("chunking.rowsPerChunkk: unknown field", ErrorOf(Valid.Replace("\"rowsPerChunk\"", "\"rowsPerChunkk\"")));

    [Fact]
    public void Unknown_top_level_field_names_it() =>
        Assert.Contains("sauce: unknown field 'sauce'", ErrorOf(Valid.Replace("\"source\"", "\"sauce\"")));

    [Fact]
    public void Negative_chunk_size_is_refused() =>
        Assert.Contains("chunking.rowsPerChunk: must be > 0 (got -5)", ErrorOf(Valid.Replace("250000", "-5")));

    [Fact]
    public void A_chunk_byte_cap_under_a_mebibyte_is_refused() =>
        Assert.Contains("chunking.bytesPerChunk: must be at least 1048576 (1 MiB; got 4096)",
            ErrorOf(Valid.Replace("\"rowsPerChunk\"", "\"bytesPerChunk\": 4096, \"rowsPerChunk\"")));

    [Fact]
    public void The_target_kind_defaults_to_postgres_and_an_unknown_kind_names_the_path()
    {
        Assert.Equal("postgres", SpecLoader.Parse(Valid, SourceDialects.Traits).Target.Kind);
        var error = ErrorOf(Valid.Replace("\"target\":   {", "\"target\": { \"kind\": \"cosmos\","));
        Assert.Contains("target.kind: unknown kind 'cosmos' (expected one of postgres)", error);
    }

    [Fact]
    public void Unknown_dialect_names_the_choices()
    {
        var error = ErrorOf(Valid.Replace("\"postgres\"", "\"mysql\""));
        Assert.Contains("source.dialect: unknown dialect 'mysql'", error);
        Assert.Contains("sqlserver", error);
    }

    [Fact]
    public void Malformed_json_says_where() => Assert.Contains("line", ErrorOf(Valid.Replace("\"target\":", "\"target\"")));

    [Fact]
    public void Wrong_value_type_names_the_path() =>
        Assert.Contains("chunking.maxParallel", ErrorOf(Valid.Replace("\"maxParallel\": 4", "\"maxParallel\": \"four\"")));

    [Fact]
    public void Missing_required_section_is_named() =>
        Assert.Contains("target", ErrorOf("""{ "source": { "dialect": "postgres", "connection": "Legacy" } }"""));

    [Fact]
    public void A_connection_string_in_the_spec_is_refused_without_echoing_it()
    {
        var error = ErrorOf(Valid.Replace("\"Legacy\"", "\"Host=db;Password=hunter2\""));
        Assert.Contains("source.connection: must be a connection name, not a connection string", error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public void Blob_staging_needs_a_valid_container() =>
        Assert.Contains("staging.container", ErrorOf(Valid.Replace("""{ "kind": "local", "path": "/var/tmp/migrations" }""",
            """{ "kind": "blob", "connection": "Staging", "container": "Bad_Name" }""")));

    [Fact]
    public void Several_problems_are_reported_together()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(
            Valid.Replace("250000", "0").Replace("\"maxParallel\": 4", "\"maxParallel\": 0"), SourceDialects.Traits));
        Assert.Equal(2, e.Problems.Count);
    }

    [Fact]
    public void Empty_include_list_is_refused() =>
        Assert.Contains("tables.include", ErrorOf(Valid.Replace("\"include\": [\"*\"]", "\"include\": []")));

    [Fact]
    public void Null_document_is_refused() => Assert.Contains("empty", ErrorOf("null"));
}

public class SourceDialectRegistryTests
{
    static Orchestrator.Core.Spec.SourceSpec Source(string dialect, string nul = "fail") =>
        new() { Dialect = dialect, Connection = "Legacy", NulCharacters = nul };

    [Fact]
    public void Oracle_without_its_provider_names_the_package()
    {
        Assert.False(Orchestrator.Core.Sources.Oracle.OracleProvider.TryRegister()); // ODP.NET is not in this build
        var registry = new Orchestrator.Core.Sources.SourceDialects(new Orchestrator.Core.Target.PostgresConnector());
        var error = Assert.Throws<Orchestrator.Core.Spec.SpecException>(
            () => registry.Create(Source("oracle"), "Data Source=//ora:1521/XE"));
        Assert.Contains("Oracle.ManagedDataAccess.Core", error.Message);
    }

    [Fact]
    public void Sql_server_and_postgres_are_registered()
    {
        var registry = new Orchestrator.Core.Sources.SourceDialects(new Orchestrator.Core.Target.PostgresConnector());
        Assert.Equal("sqlserver", registry.Create(Source("sqlserver", "strip"), "Server=sql1;Database=x").Name);
        Assert.Equal("postgres", registry.Create(Source("postgres"), "Host=h;Database=x").Name);
    }

    [Fact]
    public void Unknown_nul_policy_is_refused() =>
        Assert.Contains("source.nulCharacters: 'drop' is not one of fail, strip", Assert.Throws<Orchestrator.Core.Spec.SpecException>(() =>
            Orchestrator.Core.Spec.SpecLoader.Parse("""
                { "source": { "dialect": "sqlserver", "connection": "L", "nulCharacters": "drop" },
                  "target": { "connection": "M" }, "staging": { "path": "/tmp/x" } }
                """, SourceDialects.Traits)).Message);
}
