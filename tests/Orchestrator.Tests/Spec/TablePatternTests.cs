using Orchestrator.Core.Spec;

namespace Orchestrator.Tests.Spec;

public class TablePatternTests
{
    [Theory]
    [InlineData("*", "public", "orders", true)]
    [InlineData("public.*", "public", "orders", true)]
    [InlineData("public.*", "sales", "orders", false)]
    [InlineData("orders", "sales", "orders", true)]
    [InlineData("ord?rs", "sales", "orders", true)]
    [InlineData("sales.ord*", "sales", "order_lines", true)]
    [InlineData("Odd Schema.*", "Odd Schema", "x", true)]
    [InlineData("a.b", "a", "bb", false)]
    [InlineData("a.b+c", "a", "b+c", true)]
    public void Globs_match_schema_dot_table(string pattern, string schema, string table, bool expected) =>
        Assert.Equal(expected, new TablePattern(pattern).Matches(schema, table));

    [Fact]
    public void Exclude_wins_over_include()
    {
        var selection = new TableSelection { Include = ["sales.*"], Exclude = ["*.audit*"] };
        Assert.True(TablePattern.IsSelected(selection, "sales", "orders"));
        Assert.False(TablePattern.IsSelected(selection, "sales", "audit_log"));
        Assert.False(TablePattern.IsSelected(selection, "hr", "people"));
    }
}
