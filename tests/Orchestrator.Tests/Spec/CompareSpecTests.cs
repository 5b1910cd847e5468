using Orchestrator.Core.Spec;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Spec;

public class CompareSpecTests
{
    const string Base = """
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" } EXTRA }
        """;

    [Fact]
    public void Compare_and_shadow_default_to_a_short_settle_and_a_twenty_percent_budget()
    {
        var spec = SpecLoader.Parse(Base.Replace("EXTRA", ""), SourceDialects.Traits);
        Assert.Equal((5, 10_000, 100, false),
            (spec.Compare.SettleSeconds, spec.Compare.RowLevelRows, spec.Compare.MaxKeys, spec.Compare.OnSchedule));
        Assert.Equal((1.2, "p95", 20, 1), (spec.Shadow.LatencyBudget, spec.Shadow.Percentile, spec.Shadow.Runs, spec.Shadow.WarmupRuns));
    }

    [Theory]
    [InlineData("""  , "compare": { "settleSeconds": -1 } """, "compare.settleSeconds: must be between 0 and 3600 (got -1)")]
    [InlineData("""  , "compare": { "rowLevelRows": 5 } """, "compare.rowLevelRows: must be between 100 and 1000000 (got 5)")]
    [InlineData("""  , "compare": { "settle": 1 } """, "compare.settle: unknown field 'settle'")]
    [InlineData("""  , "shadow": { "latencyBudget": 0 } """, "shadow.latencyBudget: must be a number > 0, for example 1.2 (got 0)")]
    [InlineData("""  , "shadow": { "percentile": "p90" } """, "shadow.percentile: 'p90' is not one of p50, p95, p99")]
    [InlineData("""  , "shadow": { "runs": 0 } """, "shadow.runs: must be between 1 and 100000 (got 0)")]
    public void Bad_values_name_their_path(string extra, string problem)
    {
        var error = Assert.Throws<SpecException>(() => SpecLoader.Parse(Base.Replace("EXTRA", extra), SourceDialects.Traits));
        Assert.Contains(problem, error.Problems);
    }
}
