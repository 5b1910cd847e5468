using Orchestrator.Core.Spec;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Spec;

public class NamingSpecTests
{
    static string Spec(string dialect, string target = "", string overrides = "") => $$"""
        { "source":  { "dialect": "{{dialect}}", "connection": "Legacy" },
          "target":  { "connection": "Modern"{{target}} },
          "staging": { "kind": "local", "path": "/var/tmp/migrations" }{{overrides}} }
        """;

    static string Resolved(string json)
    {
        var spec = SpecLoader.Parse(json, SourceDialects.Traits);
        return IdentifierCase.Resolve(spec, SourceDialects.TraitsOf(spec.Source));
    }

    static string ErrorOf(string json) => Assert.Throws<SpecException>(() => SpecLoader.Parse(json, SourceDialects.Traits)).Message;

    [Fact]
    public void Identifier_case_defaults_by_dialect()
    {
        Assert.Equal(IdentifierCase.Lower, Resolved(Spec("sqlserver")));
        Assert.Equal(IdentifierCase.Lower, Resolved(Spec("oracle")));
        Assert.Equal(IdentifierCase.Preserve, Resolved(Spec("postgres")));
        Assert.Equal(IdentifierCase.Preserve, Resolved(Spec("oracle", ", \"identifierCase\": \"preserve\"")));
    }

    [Fact]
    public void Identifier_case_errors_name_the_path()
    {
        Assert.Contains("target.identifierCase: 'upper' is not one of lower, preserve",
            ErrorOf(Spec("oracle", ", \"identifierCase\": \"upper\"")));
        Assert.Contains("target.identifierCase: a postgres source keeps its names exactly",
            ErrorOf(Spec("postgres", ", \"identifierCase\": \"lower\"")));
    }

    [Fact]
    public void Overrides_parse()
    {
        var spec = SpecLoader.Parse(Spec("sqlserver", overrides: """
            , "overrides": [ { "table": "dbo.Orders", "schema": "sales", "name": "orders",
                               "columns": { "Total": { "name": "total", "type": "numeric(12,2)" },
                                            "At": { "type": "timestamp(3) with time zone" } } } ]
            """), SourceDialects.Traits);
        var o = Assert.Single(spec.Overrides);
        Assert.Equal(("dbo.Orders", "sales", "orders"), (o.Table, o.Schema, o.Name));
        Assert.Equal(("total", "numeric(12,2)"), (o.Columns["Total"].Name, o.Columns["Total"].Type));
    }

    [Fact]
    public void Override_errors_name_the_path()
    {
        var error = ErrorOf(Spec("sqlserver", overrides: $$"""
            , "overrides": [ { "table": "Orders", "columns": { "A": { "type": "text; DROP TABLE x" }, "B": { } } },
                             { "table": "dbo.T", "name": "{{new string('x', 64)}}" },
                             { "table": "dbo.T" } ]
            """));
        Assert.Contains("overrides[0].table: 'Orders' must name a source table as schema.table", error);
        Assert.Contains("overrides[0].columns.A.type: 'text; DROP TABLE x' is not a PostgreSQL type name", error);
        Assert.Contains("overrides[0].columns.B: give a name, a type or both", error);
        Assert.Contains("overrides[1].name: '" + new string('x', 64) + "' is longer than PostgreSQL's 63 bytes", error);
        Assert.Contains("overrides[2].table: dbo.T is overridden twice", error);
        Assert.Contains("overrides[0].columns.A.nam: unknown field", ErrorOf(Spec("oracle",
            overrides: """, "overrides": [ { "table": "A.B",""" + """ "columns": { "A": { "nam": "x" } } } ]""")));
    }
}
