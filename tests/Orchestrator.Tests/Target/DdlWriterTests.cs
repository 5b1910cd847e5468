using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class DdlWriterTests
{
    static ColumnInfo Col(string name, string type, bool nullable = true) =>
        new() { Name = name, DataType = type, Family = TypeFamily.Other, Nullable = nullable };

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
            PrimaryKey = new KeyInfo("pk", ["id"]),
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
    public void A_source_index_definition_is_made_repeatable_and_recursive() =>
        Assert.Equal("CREATE UNIQUE INDEX IF NOT EXISTS ux ON s.t USING btree (lower(a))",
            DdlWriter.Index(new("s", "t"),
                new IndexInfo("ux", true, []) { Definition = "CREATE UNIQUE INDEX ux ON ONLY s.t USING btree (lower(a))" }));

    [Fact]
    public void Indexes_are_written_from_their_keys_with_quoted_names()
    {
        var index = new IndexInfo("Ix", true,
        [
            new IndexKey("a b") { Descending = true, NullsFirst = false },
            new IndexKey("c") { Collation = "\"C\"", OperatorClass = "text_pattern_ops" },
            new IndexKey(null, "lower(d)") { NullsFirst = true },
        ])
        {
            Method = "btree", Included = ["e"], NullsNotDistinct = true, Parameters = ["fillfactor=70"], Predicate = "c IS NOT NULL",
        };
        Assert.Equal(
            "CREATE UNIQUE INDEX IF NOT EXISTS \"Ix\" ON \"s\".\"t\" USING btree " +
            "(\"a b\" DESC NULLS LAST, \"c\" COLLATE \"C\" text_pattern_ops, " +
            "(lower(d)) NULLS FIRST) INCLUDE (\"e\") NULLS NOT DISTINCT WITH (fillfactor=70) WHERE c IS NOT NULL",
            DdlWriter.Index(new("s", "t"), index));
    }

    [Fact]
    public void Keys_checks_and_foreign_keys_are_written_from_their_parts()
    {
        var table = new TableInfo
        {
            Name = new("s", "t"),
            Columns = [],
            PrimaryKey = new KeyInfo("pk", ["a", "b"]) { Included = ["c"], Deferral = Deferral.Deferrable },
            UniqueKeys = [new KeyInfo("uk", ["c"]) { NullsNotDistinct = true }],
            Checks = [new CheckInfo("ck", "a > 0") { NotValid = true, NoInherit = true }],
            Exclusions = [new ExclusionInfo("ex", "EXCLUDE USING gist (r WITH &&)")],
        };
        Assert.Equal(
        [
            ("pk", "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"pk\" PRIMARY KEY (\"a\", \"b\") INCLUDE (\"c\") DEFERRABLE"),
            ("uk", "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"uk\" UNIQUE NULLS NOT DISTINCT (\"c\")"),
            ("ck", "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"ck\" CHECK (a > 0) NO INHERIT NOT VALID"),
            ("ex", "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"ex\" EXCLUDE USING gist (r WITH &&)"),
        ], DdlWriter.Constraints(table));
        var fk = new ForeignKeyInfo("fk", ["a"], new("s", "u"), ["x"])
        {
            OnDelete = ReferentialAction.SetNull, OnUpdate = ReferentialAction.Restrict, MatchFull = true,
            Deferral = Deferral.InitiallyDeferred,
        };
        Assert.Equal(
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"a\") REFERENCES \"s\".\"u\" (\"x\") " +
            "MATCH FULL ON UPDATE RESTRICT " +
            "ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED",
            DdlWriter.ForeignKey(table.Name, fk));
    }

    [Fact]
    public void Enum_labels_are_literals() =>
        Assert.Equal("CREATE TYPE \"s\".\"mood\" AS ENUM ('ok', 'it''s bad')",
            DdlWriter.Enum(new EnumType("s", "mood", ["ok", "it's bad"])));

    [Fact]
    public void Foreign_keys_can_be_added_not_valid() =>
        Assert.EndsWith("NOT VALID",
            DdlWriter.ForeignKey(new("s", "t"), new ForeignKeyInfo("fk", ["a"], new("s", "u"), ["a"]), notValid: true));

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
            Findings =
            [
                new ConversionFinding("APP.ORDERS check CK_AT", "check", "\"AT\" < SYSDATE has no PostgreSQL translation; not created"),
            ],
        });
        Assert.Contains("--   APP.ORDERS check CK_AT: \"AT\" < SYSDATE has no PostgreSQL translation; not created [check]\n", script);
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS \"numbers\";", script);
        Assert.Contains("COMMENT ON TABLE \"app\".\"orders\" IS 'it''s orders';", script);
        Assert.Contains("COMMENT ON COLUMN \"app\".\"orders\".\"total\" IS 'gross, in EUR';", script);
        Assert.True(script.IndexOf("-- Load phase", StringComparison.Ordinal) > script.IndexOf("CK_AT", StringComparison.Ordinal));
    }

    [Fact]
    public void Identity_columns_keep_their_sequence_increment_start_and_bounds()
    {
        var table = new TableInfo
        {
            Name = new TableName("dbo", "t"),
            Columns =
            [
                Col("id", "integer", false) with { Identity = IdentityKind.ByDefault },
                Col("n", "bigint", false) with { Identity = IdentityKind.Always },
            ],
        };
        var sequences = new[]
        {
            new SequenceInfo
            {
                Schema = "dbo", Name = "t_id_seq", DataType = "integer", Start = 1000, Increment = 10,
                Min = int.MinValue, Max = long.MaxValue,
                OwnedByTable = table.Name, OwnedByColumn = "id", IsIdentity = true,
            },
            new SequenceInfo
            {
                Schema = "dbo", Name = "t_n_seq", DataType = "bigint", Start = 1, Increment = 1, Min = 1, Max = long.MaxValue,
                OwnedByTable = table.Name, OwnedByColumn = "n", IsIdentity = true,
            },
        };
        var ddl = DdlWriter.Table(table, sequences);
        Assert.Contains(
            "\"id\" integer GENERATED BY DEFAULT AS IDENTITY " +
            "(INCREMENT BY 10 MINVALUE -2147483648 MAXVALUE 2147483647 START WITH 1000) NOT NULL",
            ddl);
        Assert.Contains("\"n\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL", ddl);
    }
}
