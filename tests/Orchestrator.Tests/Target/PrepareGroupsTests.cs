using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class PrepareGroupsTests
{
    static TableInfo Table(string name, string? parent = null) => new()
    {
        Name = new("s", name),
        Columns = [],
        PartitionOf = parent is null ? null : new(new("s", parent), "DEFAULT"),
    };

    [Fact]
    public void Partition_trees_stay_whole_and_in_catalog_order_and_the_groups_are_even()
    {
        // A two-level tree (p -> p1 -> p1a) whose members are spread through the catalog, among plain tables.
        TableInfo[] tables = [Table("p"), Table("a"), Table("p1", "p"), Table("b"), Table("c"), Table("p1a", "p1"), Table("d"), Table("p2", "p"), Table("e")];

        var groups = PostgresTarget.PrepareGroups(tables, 3);

        Assert.Equal(tables.Length, groups.Sum(g => g.Count));
        var tree = Assert.Single(groups, g => g.Any(t => t.Name.Name == "p"));
        Assert.Equal(["p", "p1", "p1a", "p2"], tree.Where(t => t.Name.Name.StartsWith('p')).Select(t => t.Name.Name));
        foreach (var group in groups) // each group keeps the catalog's order
            Assert.Equal(group.OrderBy(t => Array.IndexOf(tables, t)), group);
        // Six trees (p and five plain tables) dealt to three groups: two each.
        Assert.All(groups, g => Assert.Equal(2, g.Select(t => t.PartitionOf is null ? t.Name : null).Count(n => n is not null)));
    }

    [Fact]
    public void One_group_holds_everything_in_order_and_no_group_is_empty()
    {
        TableInfo[] tables = [Table("a"), Table("b")];
        Assert.Equal(tables, Assert.Single(PostgresTarget.PrepareGroups(tables, 1)));
        Assert.Equal(2, PostgresTarget.PrepareGroups(tables, 4).Count);
    }
}
