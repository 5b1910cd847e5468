using Orchestrator.Core.Catalog;

namespace Orchestrator.Tests.Catalog;

public class SourceCatalogTests
{
    static TableInfo Table(string name, string? sourceName = null) => new()
    {
        Name = new("app", name),
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer }],
        Source = sourceName is null ? null : new(new("dbo", sourceName), [new SourceColumn("id", "bigint", "id")]),
    };

    static SourceCatalog Catalog(params TableInfo[] tables) =>
        new() { Dialect = "sqlserver", Database = "d", ServerVersion = "16", Tables = tables };

    [Fact]
    public void Tables_are_found_by_their_source_names_among_thousands()
    {
        var catalog = Catalog([.. Enumerable.Range(0, 5000).Select(i => Table($"t{i}", $"T{i}")), Table("same")]);

        Assert.Equal(new TableName("app", "t4321"), catalog.Find(new("dbo", "T4321"))!.Name);
        Assert.Equal(new TableName("app", "same"), catalog.Find(new("app", "same"))!.Name); // no source name: the target's
        Assert.Null(catalog.Find(new("app", "t4321")));                                  // renamed: only the source's name finds it
        Assert.Null(catalog.Find(new("dbo", "t4321")));                                  // names are exact, not folded
    }

    [Fact]
    public void A_copy_with_other_tables_finds_its_own_tables_and_equality_is_unchanged()
    {
        var first = Catalog(Table("a", "A"));
        Assert.NotNull(first.Find(new("dbo", "A"))); // the first list's index is built
        var second = first with { Tables = [Table("b", "B")] };

        Assert.Null(second.Find(new("dbo", "A")));
        Assert.Equal(new TableName("app", "b"), second.Find(new("dbo", "B"))!.Name);
        Assert.NotNull(first.Find(new("dbo", "A")));
        var tables = first.Tables;
        Assert.Equal(first, Catalog([.. tables]) with { Tables = tables }); // a looked-up catalog equals one never looked up
    }
}
