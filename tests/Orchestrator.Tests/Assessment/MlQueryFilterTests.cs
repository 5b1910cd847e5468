using Orchestrator.Core.Assessment.Queries;

namespace Orchestrator.Tests.Assessment;

public class MlQueryFilterTests
{
    [Theory]
    [InlineData("SELECT * FROM model_runs", new[] { "model" })]
    [InlineData("INSERT INTO predictions SELECT infer(x) FROM embeddings", new[] { "infer", "predict", "embedding" })]
    [InlineData("CALL retrain()", new[] { "train" })]
    [InlineData("SELECT * FROM orders", new string[0])]
    public void Statements_are_marked_by_their_ai_ml_words(string text, string[] terms) =>
        Assert.Equal(terms, MlQueryFilter.Match(text));

    [Theory]
    [InlineData("ALTER ROLE app PASSWORD 'hunter2'", "hunter2")]
    [InlineData("CREATE USER u IDENTIFIED BY s3cr3t", "s3cr3t")]
    [InlineData("SELECT dblink('host=x password=pw123', 'select 1')", "pw123")]
    public void Secrets_in_statement_text_never_reach_the_report(string text, string secret) =>
        Assert.DoesNotContain(secret, MlQueryFilter.Clean(text));

    [Fact]
    public void Long_statements_are_cut_and_ai_ml_statements_below_the_top_are_kept()
    {
        Assert.Equal(MlQueryFilter.MaxTextLength + 4, MlQueryFilter.Clean(new string('x', 5000)).Length);
        var read = Enumerable.Range(0, 10)
            .Select(i => MlQueryFilter.Query(i == 7 ? "SELECT predict(x)" : $"SELECT {i}", 1, 100 - i, 1, 1)).ToList();
        Assert.Equal(["SELECT 0", "SELECT 1", "SELECT 2", "SELECT predict(x)"], MlQueryFilter.Select(read, 3).Select(q => q.Text));
    }
}
