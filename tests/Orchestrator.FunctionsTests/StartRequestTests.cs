using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;
using Orchestrator.Functions.Http;
using Orchestrator.Functions.Schedule;

namespace Orchestrator.FunctionsTests;

/// <summary>POST /api/migrations bodies: what starts, and the 400 answers that name the JSON path.</summary>
public class StartRequestTests
{
    const string Spec = """
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "blob", "connection": "Staging", "container": "staging" }, "chunking": { "rowsPerChunk": 1000 } }
        """;

    static readonly ConnectionResolver Connections = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Legacy"] = "Host=a", ["ConnectionStrings:Modern"] = "Host=b",
        ["ConnectionStrings:Staging"] = "https://x.blob.core.windows.net",
    }).Build());

    static StartRequest Read(string body) => StartRequest.Read(body, Connections, () => "generated-id");

    static string Problem(string body) => Assert.Single(Assert.Throws<SpecException>(() => Read(body)).Problems);

    [Fact]
    public void A_bare_spec_starts_with_a_generated_id()
    {
        var start = Read(Spec);
        Assert.Equal("generated-id", start.MigrationId);
        Assert.Equal(1000, start.Spec.Chunking.RowsPerChunk);
    }

    [Fact]
    public void A_wrapped_spec_keeps_its_id() =>
        Assert.Equal("nightly-1", Read($$"""{ "id": "nightly-1", "spec": {{Spec}} }""").MigrationId);

    [Fact]
    public void Spec_errors_name_the_path_inside_the_body() =>
        Assert.StartsWith("spec.chunking.rowsPerChunk:", Problem($$"""{ "spec": {{Spec.Replace("1000", "0")}} }"""));

    [Fact]
    public void Unknown_wrapper_fields_are_named() => Assert.StartsWith("name:", Problem($$"""{ "name": "x", "spec": {{Spec}} }"""));

    [Fact]
    public void Bad_ids_are_refused() => Assert.StartsWith("id:", Problem($$"""{ "id": "a/b", "spec": {{Spec}} }"""));

    [Fact]
    public void Not_json_is_refused() => Assert.StartsWith("(root):", Problem("{ nope"));

    [Fact]
    public void Local_staging_is_refused_in_azure() =>
        Assert.StartsWith("staging.kind:", Problem(Spec.Replace(
            """{ "kind": "blob", "connection": "Staging", "container": "staging" }""", """{ "kind": "local", "path": "/tmp/x" }""")));

    [Fact]
    public void Unconfigured_connections_are_refused() =>
        Assert.Contains("ConnectionStrings__Elsewhere", Problem(Spec.Replace("\"Legacy\"", "\"Elsewhere\"")));

    [Theory]
    [InlineData("nightly.json", "sched-nightly")]
    [InlineData("team a/orders #2.json", "sched-team-a-orders--2")]
    public void Scheduled_specs_get_stable_valid_ids(string blob, string id)
    {
        Assert.Equal(id, ScheduledInstanceId.For(blob));
        StartRequest.CheckId(ScheduledInstanceId.For(new string('x', 200) + blob));
    }

    [Fact]
    public void An_assessment_needs_only_the_source_connection()
    {
        var sourceOnly = new ConnectionResolver(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Legacy"] = "Host=a",
        }).Build());
        var spec = StartRequest.ReadAssessment(Spec.Replace("\"kind\": \"blob\"", "\"kind\": \"blob\""), sourceOnly);
        Assert.Equal("Legacy", spec.Source.Connection);
        var missing = Assert.Throws<SpecException>(
            () => StartRequest.ReadAssessment(Spec.Replace("\"Legacy\"", "\"Elsewhere\""), sourceOnly));
        Assert.Contains("source.connection: connection 'Elsewhere' is not configured", Assert.Single(missing.Problems));
    }
}
