using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Spec;
using static Orchestrator.Tests.Sources.Oracle.CatalogRows;

namespace Orchestrator.Tests.Sources.Oracle;

public class OracleCatalogAndPlanningTests
{
    [Fact]
    public void Missing_provider_is_a_spec_error_naming_the_package()
    {
        var e = Assert.Throws<SpecException>(() => OracleSourceDialect.Create("User Id=x;Data Source=y"));
        Assert.Contains("source.dialect: oracle needs the Oracle.ManagedDataAccess.Core package; " +
            "the host registers it as DbProviderFactories invariant name Oracle.ManagedDataAccess.Client", e.Message);
    }

    [Fact]
    public void Catalog_sql_uses_bind_variables_and_the_all_views()
    {
        foreach (var sql in new[]
                 {
                     OracleCatalogQueries.Columns, OracleCatalogQueries.Constraints, OracleCatalogQueries.ConstraintColumns,
                     OracleCatalogQueries.Indexes, OracleCatalogQueries.Sequences,
                 })
        {
            Assert.Contains(":owner", sql);
            Assert.DoesNotContain("'{", sql);
        }
        Assert.Contains("ALL_TAB_COLS", OracleCatalogQueries.Columns);
        Assert.Contains("CHAR_USED", OracleCatalogQueries.Columns);
        Assert.Contains("c.TABLE_NAME = :name", OracleCatalogQueries.TableColumns);
        Assert.Contains("DBMS_ROWID.ROWID_CREATE(1, o.DATA_OBJECT_ID, e.RELATIVE_FNO, e.BLOCK_ID, 0)", OracleCatalogQueries.Extents);
        Assert.True(OracleCatalogQueries.Partitions.IndexOf(":owner", StringComparison.Ordinal)
            < OracleCatalogQueries.Partitions.IndexOf(":name", StringComparison.Ordinal));
        Assert.Contains("DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER", OracleCatalogQueries.CurrentScn);
        Assert.Contains("V$DATABASE", OracleCatalogQueries.CurrentScnFromDatabase);
    }

    [Fact]
    public void Reader_maps_tables_columns_and_constraints()
    {
        var tables = OracleCatalogReader.MapTables(Rows(
            ["OWNER", "TABLE_NAME", "NUM_ROWS", "BLOCKS", "PARTITIONED", "IOT_TYPE", "COMMENTS", "BLOCK_SIZE"],
            ["CHINOOK", "Album", 347m, 5m, "NO", null, "albums", 8192m]));
        Assert.Equal(new OracleTableRow(new TableName("CHINOOK", "Album"), 347, 5, false, false, "albums", 8192), Assert.Single(tables));

        var columns = OracleCatalogReader.MapColumns(Rows(
            [
                "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "DATA_LENGTH", "DATA_PRECISION", "DATA_SCALE", "CHAR_LENGTH", "CHAR_USED",
                "NULLABLE", "GENERATION_TYPE", "SEQUENCE_NAME",
            ],
            ["Album", "AlbumId", "NUMBER", 22m, null, null, 0m, null, "N", "BY DEFAULT", "ISEQ$$_1"],
            ["Album", "Title", "VARCHAR2", 640m, null, null, 160m, "C", "Y", null, null]));
        var id = OracleCatalogReader.ToColumnInfo(columns[0], OracleMappingOptions.Default);
        Assert.Equal(("bigint", false, IdentityKind.ByDefault, TypeFamily.Integer), (id.DataType, id.Nullable, id.Identity, id.Family));
        Assert.Equal("varchar(160)", OracleCatalogReader.ToColumnInfo(columns[1], OracleMappingOptions.Default).DataType);

        var constraints = OracleCatalogReader.MapConstraints("CHINOOK", Rows(
            [
                "TABLE_NAME", "CONSTRAINT_NAME", "CONSTRAINT_TYPE", "DELETE_RULE", "DEFERRABLE", "DEFERRED", "R_OWNER", "R_TABLE",
                "SEARCH_CONDITION_VC", "GENERATED",
            ],
            ["Album", "PK_Album", "P", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, null, "USER NAME"],
            ["Album", "FK_Artist", "R", "CASCADE", "NOT DEFERRABLE", "IMMEDIATE", "CHINOOK", "Artist", null, "USER NAME"],
            ["Album", "FK_Gone", "R", "NO ACTION", "NOT DEFERRABLE", "IMMEDIATE", "OTHER", "Gone", null, "USER NAME"],
            ["Album", "SYS_C001", "C", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, "\"AlbumId\" IS NOT NULL", "GENERATED NAME"],
            ["Album", "CK_Title", "C", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, "\"AlbumId\" > 0 AND \"AlbumId\" IN (1, 2)",
                "USER NAME"],
            ["Album", "CK_Fn", "C", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, "UPPER(\"Title\") = \"Title\"", "USER NAME"]));
        var keys = OracleCatalogReader.MapConstraintColumns(Rows(["CONSTRAINT_NAME", "COLUMN_NAME", "R_COLUMN"],
            ["FK_Artist", "ArtistId", "ArtistId"], ["FK_Gone", "X", "Y"], ["PK_Album", "AlbumId", null]));
        var info = new TableInfo
        {
            Name = new("CHINOOK", "Album"),
            Columns = [id, new ColumnInfo { Name = "Title", DataType = "varchar(160)", Family = TypeFamily.Text }],
        };
        var result = OracleCatalogReader.WithConstraints(
            info, constraints, keys, new HashSet<TableName> { new("CHINOOK", "Album"), new("CHINOOK", "Artist") });
        Assert.Equal(("PK_Album", "AlbumId"), (result.PrimaryKey!.Name, string.Join(",", result.PrimaryKey.Columns)));
        var fk = Assert.Single(result.ForeignKeys);
        Assert.Equal(("ArtistId", new TableName("CHINOOK", "Artist"), "ArtistId", ReferentialAction.Cascade, Deferral.Immediate),
            (string.Join(",", fk.Columns), fk.References, string.Join(",", fk.ReferencedColumns), fk.OnDelete, fk.Deferral));
        Assert.Equal("\"AlbumId\" > 0 AND \"AlbumId\" IN (1, 2)", Assert.Single(result.Checks).Expression);
    }

    [Fact]
    public void Reader_maps_indexes_and_sequences()
    {
        var indexes = OracleCatalogReader.MapIndexes("S", Rows(["TABLE_NAME", "INDEX_NAME", "UNIQUENESS", "COLUMN_NAME"],
            ["T", "IX_T", "NONUNIQUE", "A"], ["T", "IX_T", "NONUNIQUE", "B"]));
        var index = Assert.Single(indexes["T"]);
        Assert.Equal(("IX_T", false, "A,B"), (index.Name, index.IsUnique, string.Join(",", index.Keys.Select(k => k.Column))));

        var sequences = OracleCatalogReader.MapSequences("S", Rows(
            ["SEQUENCE_NAME", "MIN_VALUE", "MAX_VALUE", "INCREMENT_BY", "CYCLE_FLAG"],
            ["ISEQ$$_1", "1", "9999999999999999999999999999", "1", "N"], ["ISEQ$$_2", "1", "10", "1", "N"],
            ["ORDERS_SEQ", "1", "1000", "5", "Y"]),
            new Dictionary<string, (TableName, string)> { ["ISEQ$$_1"] = (new TableName("S", "T"), "ID") });
        Assert.Equal(["ISEQ$$_1", "ORDERS_SEQ"], sequences.Select(s => s.Name));
        Assert.True(sequences[0].IsIdentity);
        Assert.Equal(long.MaxValue, sequences[0].Max);
        Assert.Equal((5L, true), (sequences[1].Increment, sequences[1].Cycle));
    }

    [Fact]
    public void Partitions_give_one_chunk_each_at_the_plan_scn()
    {
        var plans = OracleChunkPlanner.Plan(
            "t1", new OracleTableFacts { EstimatedRows = 10, Partitions = [new("P2023", 4), new("P2024", 6)] }, 777, 1000);
        Assert.Equal(["P2023", "P2024"], plans.Select(p => OracleChunkRange.PartitionName(p.Range)));
        Assert.All(plans, p => Assert.Equal(777, OracleChunkRange.Scn(p.Range)));
        var query = OracleChunkQuery.Build(new("S", "T"), [new("A", OracleTypeMapping.Map(new("DATE")))], plans[0].Range);
        Assert.Equal("SELECT TO_CHAR(\"A\", 'SYYYY-MM-DD HH24:MI:SS') FROM \"S\".\"T\" PARTITION (\"P2023\") AS OF SCN :scn", query.Sql);
        Assert.Equal(777L, Assert.Single(query.Binds).Value);
    }

    [Fact]
    public void Rowid_ranges_come_from_extents_with_open_ends()
    {
        OracleExtent E(long block, long blocks, string rowid) => new(4, block, blocks, rowid);
        var facts = new OracleTableFacts { EstimatedRows = 300, Extents = [E(8, 8, "R1"), E(16, 8, "R2"), E(24, 8, "R3"), E(32, 8, "R4")] };
        var plans = OracleChunkPlanner.Plan("t1", facts, 5, 100);
        Assert.Equal(3, plans.Count);
        Assert.Null(plans[0].Range.Lower);
        Assert.Equal(plans[0].Range.Upper, plans[1].Range.Lower);
        Assert.Null(plans[^1].Range.Upper);
        Assert.Equal(300, plans.Sum(p => p.EstimatedRows));
        Assert.All(plans, p => Assert.Equal(RangeKind.RowId, p.Range.Kind));
        var query = OracleChunkQuery.Build(new("S", "T"), [new("A", OracleTypeMapping.Map(new("NUMBER", 9, 0)))], plans[1].Range);
        Assert.Equal(
            "SELECT \"A\" FROM \"S\".\"T\" AS OF SCN :scn WHERE ROWID >= CHARTOROWID(:rowid_from) AND ROWID < CHARTOROWID(:rowid_to)",
            query.Sql);
        Assert.Equal(["scn", "rowid_from", "rowid_to"], query.Binds.Select(b => b.Key));
    }

    [Fact]
    public void Key_ranges_when_extents_are_not_readable_and_single_otherwise()
    {
        var keyed = new OracleTableFacts { EstimatedRows = 1000, Key = new("ID", "bigint", 1, 1000) };
        var plans = OracleChunkPlanner.Plan("t1", keyed, 9, 250);
        Assert.Equal(4, plans.Count);
        Assert.All(plans, p => Assert.Equal((RangeKind.Key, 9L), (p.Range.Kind, OracleChunkRange.Scn(p.Range)!.Value)));
        var query = OracleChunkQuery.Build(new("S", "T"), [new("ID", OracleTypeMapping.Map(new("NUMBER", 18, 0)))], plans[1].Range);
        Assert.Equal("SELECT \"ID\" FROM \"S\".\"T\" AS OF SCN :scn WHERE \"ID\" >= :key_from AND \"ID\" < :key_to", query.Sql);
        Assert.Equal("\"ID\" >= '250'::bigint AND \"ID\" < '500'::bigint", Orchestrator.Core.Target.PgSql.RangePredicate(plans[1].Range));

        var iot = OracleChunkPlanner.Plan(
            "t1", keyed with { IndexOrganized = true, Extents = [new(1, 1, 8, "A"), new(1, 9, 8, "B")] }, 9, 250);
        Assert.Equal(RangeKind.Key, iot[0].Range.Kind);
        var small = OracleChunkPlanner.Plan("t1", new OracleTableFacts { EstimatedRows = 10 }, 9, 250);
        Assert.Equal(RangeKind.All, Assert.Single(small).Range.Kind);
        Assert.Equal(9, OracleChunkRange.Scn(small[0].Range));
    }

    [Fact]
    public void Identifiers_are_quoted_case_sensitively()
    {
        Assert.Equal("\"Album\"", OracleSql.Ident("Album"));
        Assert.Equal("\"a\"\"b\"", OracleSql.Ident("a\"b"));
        Assert.Throws<ArgumentException>(() => OracleSql.Ident(""));
    }
}
