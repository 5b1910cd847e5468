using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class SyncTablesTests
{
    static TableInfo Table(string name, bool keyed, ColumnRule? rule = null, PartitionOf? partitionOf = null) => new()
    {
        Name = new("app", name),
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Rule = rule },
            new ColumnInfo { Name = "v", DataType = "text", Family = TypeFamily.Text }],
        Source = new(new("dbo", name.ToUpperInvariant()), [new("ID", "bigint", "id"), new("V", "text", "v")]),
        PrimaryKey = keyed ? new KeyInfo("pk", ["id"]) : null,
        PartitionOf = partitionOf,
    };

    static SourceCatalog Catalog(params TableInfo[] tables)
        => new() { Dialect = "sqlserver", Database = "d", ServerVersion = "16", Tables = tables };

    [Fact]
    public void Keyless_tables_are_refused_by_name_unless_excluded()
    {
        var catalog = Catalog(Table("a", keyed: true), Table("b", keyed: false), Table("c", keyed: false));
        var refused = Assert.Throws<SyncRefusedException>(() => SyncTables.Forward(catalog));
        Assert.Contains("2 table(s) without a primary key cannot be synced", refused.Message);
        Assert.Contains("dbo.B, dbo.C", refused.Message);

        var synced = SyncTables.Forward(catalog, new TableSelection { Exclude = ["dbo.B", "C"] });
        var table = Assert.Single(synced);
        Assert.Equal((new TableName("dbo", "A"), new TableName("app", "a")), (table.Source, table.Target));
        Assert.Equal(["ID", "V"], table.Columns.Select(c => c.SourceName));
        Assert.Equal([0], table.Key);
    }

    [Fact]
    public void A_reshaped_key_is_refused_and_the_reverse_refuses_reshaped_columns()
    {
        var hashedKey = Catalog(Table("a", keyed: true,
            rule: new ColumnRule { Table = "dbo.A", Column = "ID", Pii = new PiiRule { Transform = "hash" } }));
        Assert.Contains("reshapes its key column id", Assert.Throws<SyncRefusedException>(() => SyncTables.Forward(hashedKey)).Message);

        var reversed = SyncTables.Reverse(Catalog(Table("a", keyed: true)));
        Assert.Equal((new TableName("app", "a"), new TableName("dbo", "A")), (reversed[0].Source, reversed[0].Target));
        Assert.Equal(["id", "v"], reversed[0].Columns.Select(c => c.SourceName));
        Assert.Equal([0], reversed[0].Key);
    }
}
