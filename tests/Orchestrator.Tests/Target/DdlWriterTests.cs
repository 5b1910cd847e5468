using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class DdlWriterTests
{
    static ColumnInfo Col(string name, string type, bool nullable = true) => new() { Name = name, DataType = type, Family = TypeFamily.Other, Nullable = nullable };

    [Fact]
    public void Tables_carry_identity_defaults_generated_and_not_null_but_no_keys()
    {
        var table = new TableInfo
        {
            Name = new TableName("Odd Schema", "Order Lines"),
            Columns =
            [
                Col("id", "bigint", false) with { Identity = IdentityKind.Always },
                Col("qty", "integer") with { Default = "1" },
                Col("double", "integer") with { GenerationExpression = "qty * 2" },
            ],
            PrimaryKey = new KeyInfo("pk", ["id"], "PRIMARY KEY (id)"),
        };
        var ddl = DdlWriter.Table(table);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS \"Odd Schema\".\"Order Lines\"", ddl);
        Assert.Contains("\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL", ddl);
        Assert.Contains("\"qty\" integer DEFAULT 1", ddl);
        Assert.Contains("\"double\" integer GENERATED ALWAYS AS (qty * 2) STORED", ddl);
        Assert.DoesNotContain("PRIMARY KEY", ddl);
    }

    [Fact]
    public void Partitions_are_created_from_their_parent() =>
        Assert.Equal("CREATE TABLE IF NOT EXISTS \"s\".\"p1\" PARTITION OF \"s\".\"p\" FOR VALUES IN (1)",
            DdlWriter.Table(new TableInfo { Name = new("s", "p1"), Columns = [], PartitionOf = new(new("s", "p"), "FOR VALUES IN (1)") }));

    [Fact]
    public void Indexes_are_repeatable_and_recursive() =>
        Assert.Equal("CREATE INDEX IF NOT EXISTS ix ON s.t USING btree (a)",
            DdlWriter.Index(new IndexInfo("ix", false, "CREATE INDEX ix ON ONLY s.t USING btree (a)")));

    [Fact]
    public void Unique_indexes_keep_unique() =>
        Assert.StartsWith("CREATE UNIQUE INDEX IF NOT EXISTS ",
            DdlWriter.Index(new IndexInfo("ux", true, "CREATE UNIQUE INDEX ux ON s.t USING btree (lower(a))")));

    [Fact]
    public void Enum_labels_are_literals() =>
        Assert.Equal("CREATE TYPE \"s\".\"mood\" AS ENUM ('ok', 'it''s bad')", DdlWriter.Enum(new EnumType("s", "mood", ["ok", "it's bad"])));

    [Fact]
    public void Foreign_keys_can_be_added_not_valid() =>
        Assert.EndsWith("NOT VALID", DdlWriter.AddConstraint(new("s", "t"), "fk", "FOREIGN KEY (a) REFERENCES s.u(a)", notValid: true));

    [Fact]
    public void Script_heads_with_findings_and_comments_tables_and_columns()
    {
        var table = new TableInfo
        {
            Name = new TableName("app", "orders"),
            Columns = [Col("total", "numeric") with { Comment = "gross, in EUR" }, Col("note", "text")],
            Comment = "it's orders",
        };
        var sequence = new SequenceInfo { Schema = "numbers", Name = "invoice", DataType = "bigint", Min = 1, Max = 100 };
        var script = DdlWriter.Script(new SourceCatalog
        {
            Dialect = "oracle", Database = "d", ServerVersion = "23", Tables = [table], Sequences = [sequence],
            Findings = [new ConversionFinding("APP.ORDERS check CK_AT", "check", "\"AT\" < SYSDATE has no PostgreSQL translation; not created")],
        });
        Assert.Contains("--   APP.ORDERS check CK_AT: \"AT\" < SYSDATE has no PostgreSQL translation; not created [check]\n", script);
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS \"numbers\";", script);
        Assert.Contains("COMMENT ON TABLE \"app\".\"orders\" IS 'it''s orders';", script);
        Assert.Contains("COMMENT ON COLUMN \"app\".\"orders\".\"total\" IS 'gross, in EUR';", script);
        Assert.True(script.IndexOf("-- Load phase", StringComparison.Ordinal) > script.IndexOf("CK_AT", StringComparison.Ordinal));
    }
}
