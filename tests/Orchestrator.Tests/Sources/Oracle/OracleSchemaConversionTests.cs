using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;
using static Orchestrator.Tests.Sources.Oracle.CatalogRows;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Sources.Oracle;

/// <summary>Defaults, checks, foreign keys, indexes, comments and names of Oracle, as PostgreSQL text or findings.</summary>
public class OracleSchemaConversionTests
{
    [Theory]
    [InlineData("SYSDATE", "timestamp(0)", TypeFamily.Temporal, "LOCALTIMESTAMP(0)")]
    [InlineData("sysdate ", "timestamp(0)", TypeFamily.Temporal, "LOCALTIMESTAMP(0)")]
    [InlineData("SYSTIMESTAMP", "timestamp(6)", TypeFamily.Temporal, "LOCALTIMESTAMP")]
    [InlineData("SYSTIMESTAMP", "timestamptz(6)", TypeFamily.Temporal, "now()")]
    [InlineData("CURRENT_DATE", "timestamp(0)", TypeFamily.Temporal, "LOCALTIMESTAMP(0)")]
    [InlineData("SYS_GUID()", "uuid", TypeFamily.Uuid, "gen_random_uuid()")]
    [InlineData("sys_guid()", "bytea", TypeFamily.Binary, "decode(replace(gen_random_uuid()::text, '-', ''), 'hex')")]
    [InlineData("USER", "varchar(30)", TypeFamily.Text, "CURRENT_USER")]
    [InlineData("'N'", "character(1)", TypeFamily.Text, "'N'")]
    [InlineData("''", "varchar(10)", TypeFamily.Text, "NULL")]
    [InlineData("-0.5", "numeric", TypeFamily.Decimal, "-0.5")]
    [InlineData("1", "boolean", TypeFamily.Boolean, "true")]
    [InlineData("ORDER_SEQ.NEXTVAL", "bigint", TypeFamily.Integer, "nextval('\"APP\".\"ORDER_SEQ\"'::regclass)")]
    [InlineData("\"SALES\".\"Order_Seq\".\"NEXTVAL\"", "bigint", TypeFamily.Integer, "nextval('\"SALES\".\"Order_Seq\"'::regclass)")]
    public void Defaults_translate(string text, string type, TypeFamily family, string expected) =>
        Assert.Equal(expected, OracleDefaultTranslation.ToPostgres(text, type, family, "APP"));

    [Theory]
    [InlineData("TO_DATE('2000-01-01','YYYY-MM-DD')")]
    [InlineData("SYSDATE + 1")]
    [InlineData("SYS_GUID()")]
    public void Defaults_that_do_not_translate_are_null(string text) =>
        Assert.Null(OracleDefaultTranslation.ToPostgres(text, "numeric", TypeFamily.Decimal, "APP"));

    [Fact]
    public void Column_defaults_and_comments_come_from_the_catalog_and_untranslated_ones_are_reported()
    {
        var columns = OracleCatalogReader.MapColumns(Rows(
            [
                "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "DATA_LENGTH", "DATA_PRECISION", "DATA_SCALE", "CHAR_LENGTH", "CHAR_USED",
                "NULLABLE", "GENERATION_TYPE", "SEQUENCE_NAME", "DATA_DEFAULT", "COMMENTS",
            ],
            ["T", "ID", "NUMBER", 22m, 10m, 0m, 0m, null, "N", "ALWAYS", "ISEQ$$_9", "\"APP\".\"ISEQ$$_9\".nextval", "the key"],
            ["T", "AT", "DATE", 7m, null, null, 0m, null, "Y", null, null, "SYSDATE", null],
            ["T", "DUE", "DATE", 7m, null, null, 0m, null, "Y", null, null, "SYSDATE + 30", null]));
        var findings = new List<ConversionFinding>();
        var infos = columns
            .Select(c => OracleCatalogReader.ToColumnInfo(c, OracleMappingOptions.Default, new TableName("APP", "T"), findings)).ToList();
        Assert.Equal((null, "the key", IdentityKind.Always), (infos[0].Default, infos[0].Comment, infos[0].Identity));
        Assert.Equal("LOCALTIMESTAMP(0)", infos[1].Default);
        Assert.Null(infos[2].Default);
        Assert.Equal("APP.T.DUE", Assert.Single(findings).Subject);
        Assert.Contains("ALL_COL_COMMENTS", OracleCatalogQueries.Columns);
        Assert.Contains("DATA_DEFAULT", OracleCatalogQueries.Columns);
    }

    [Fact]
    public void Checks_and_foreign_keys_that_are_not_carried_are_reported()
    {
        var constraints = OracleCatalogReader.MapConstraints("APP", Rows(
            [
                "TABLE_NAME", "CONSTRAINT_NAME", "CONSTRAINT_TYPE", "DELETE_RULE", "DEFERRABLE", "DEFERRED", "R_OWNER", "R_TABLE",
                "SEARCH_CONDITION_VC", "GENERATED",
            ],
            ["T", "FK_P", "R", "SET NULL", "DEFERRABLE", "DEFERRED", "APP", "P", null, "USER NAME"],
            ["T", "FK_X", "R", "NO ACTION", "NOT DEFERRABLE", "IMMEDIATE", "OTHER", "X", null, "USER NAME"],
            ["T", "CK_OK", "C", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, "QTY BETWEEN 1 AND 10 OR \"STATUS\" LIKE 'A%'",
                "USER NAME"],
            ["T", "CK_DATE", "C", null, "NOT DEFERRABLE", "IMMEDIATE", null, null, "\"AT\" < SYSDATE", "USER NAME"]));
        var keys = OracleCatalogReader.MapConstraintColumns(Rows(["CONSTRAINT_NAME", "COLUMN_NAME", "R_COLUMN"],
            ["FK_P", "P_ID", "ID"], ["FK_X", "X_ID", "ID"]));
        var table = new TableInfo
        {
            Name = new("APP", "T"),
            Columns = new[] { "P_ID", "X_ID", "QTY", "STATUS", "AT" }
                .Select(n => new ColumnInfo { Name = n, DataType = "integer", Family = TypeFamily.Integer }).ToList(),
        };
        var findings = new List<ConversionFinding>();
        var result = OracleCatalogReader.WithConstraints(
            table, constraints, keys, new HashSet<TableName> { new("APP", "T"), new("APP", "P") }, findings);
        var fk = Assert.Single(result.ForeignKeys);
        Assert.Equal(("P_ID", new TableName("APP", "P"), "ID"),
            (string.Join(",", fk.Columns), fk.References, string.Join(",", fk.ReferencedColumns)));
        Assert.Equal((ReferentialAction.SetNull, ReferentialAction.NoAction, Deferral.InitiallyDeferred),
            (fk.OnDelete, fk.OnUpdate, fk.Deferral));
        Assert.Equal("\"QTY\" BETWEEN 1 AND 10 OR \"STATUS\" LIKE 'A%'", Assert.Single(result.Checks).Expression);
        Assert.Equal(["APP.T foreign key FK_X", "APP.T check CK_DATE"], findings.Select(f => f.Subject));
    }

    [Fact]
    public void Descending_composite_unique_and_function_based_indexes_translate_others_are_reported()
    {
        var findings = new List<ConversionFinding>();
        var indexes = OracleCatalogReader.MapIndexes("APP", Rows(
            ["TABLE_NAME", "INDEX_NAME", "UNIQUENESS", "COLUMN_NAME", "DESCEND", "INDEX_TYPE", "COLUMN_EXPRESSION"],
            ["T", "IX_COMPOSITE", "UNIQUE", "A", "ASC", "NORMAL", null],
            ["T", "IX_COMPOSITE", "UNIQUE", "B", "ASC", "NORMAL", null],
            ["T", "IX_DESC", "NONUNIQUE", "A", "ASC", "FUNCTION-BASED NORMAL", null],
            ["T", "IX_DESC", "NONUNIQUE", "SYS_NC00005$", "DESC", "FUNCTION-BASED NORMAL", "\"B\""],
            ["T", "IX_UPPER", "NONUNIQUE", "SYS_NC00006$", "ASC", "FUNCTION-BASED NORMAL", "UPPER(\"NAME\")"],
            ["T", "IX_NVL", "NONUNIQUE", "SYS_NC00007$", "ASC", "FUNCTION-BASED NORMAL", "NVL(\"A\",0)+1"],
            ["T", "IX_BITMAP", "NONUNIQUE", "A", "ASC", "BITMAP", null],
            ["T", "IX_TRUNC", "NONUNIQUE", "SYS_NC00008$", "ASC", "FUNCTION-BASED NORMAL", "TRUNC(\"AT\")"],
            ["T", "IX_TEXT", "NONUNIQUE", "NAME", "ASC", "DOMAIN", null]), findings,
            new Dictionary<string, IReadOnlyCollection<string>> { ["T"] = ["A", "B", "NAME", "AT"] });
        Assert.Equal(["IX_COMPOSITE", "IX_DESC", "IX_UPPER", "IX_NVL", "IX_BITMAP"], indexes["T"].Select(i => i.Name));
        Assert.Equal([true, false, false, false, false], indexes["T"].Select(i => i.IsUnique));
        string Keys(IndexInfo i) =>
            string.Join(", ", i.Keys.Select(k => (k.Column ?? $"({k.Expression})") + (k.Descending ? " DESC" : "")));
        Assert.Equal(["A, B", "A, B DESC", "(upper(\"NAME\"))", "(coalesce(\"A\",0)+1)", "A"], indexes["T"].Select(Keys));
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"IX_NVL\" ON \"APP\".\"T\" ((coalesce(\"A\",0)+1))",
            DdlWriter.Index(new("APP", "T"), indexes["T"][3]));
        Assert.Equal(["APP.T index IX_BITMAP", "APP.T index IX_TRUNC", "APP.T index IX_TEXT"], findings.Select(f => f.Subject));
        Assert.Contains("ALL_IND_EXPRESSIONS", OracleCatalogQueries.Indexes);
    }

    [Fact]
    public void Upper_case_names_fold_to_lower_case_and_quoted_mixed_case_ones_too()
    {
        var table = new TableInfo
        {
            Name = new("CHINOOK", "Album"),
            Columns =
            [
                new ColumnInfo { Name = "AlbumId", DataType = "integer", Family = TypeFamily.Integer },
                new ColumnInfo { Name = "TITLE", DataType = "varchar(160)", Family = TypeFamily.Text },
            ],
            PrimaryKey = new KeyInfo("PK_ALBUM", ["AlbumId"]),
            Checks = [new CheckInfo("CK_TITLE", "\"TITLE\" IS NOT NULL OR \"AlbumId\" > 0")],
        };
        var catalog = new SourceCatalog { Dialect = "oracle", Database = "d", ServerVersion = "23", Tables = [table] };
        var spec = new MigrationSpec { Source = new() { Dialect = "oracle", Connection = "S" }, Target = new() { Connection = "T" } };
        var album = TargetNaming.Apply(catalog, spec, OracleTraits.Instance).Tables[0];
        Assert.Equal((new TableName("chinook", "album"), "albumid", "title"), (album.Name, album.Columns[0].Name, album.Columns[1].Name));
        Assert.Equal("\"title\" IS NOT NULL OR \"albumid\" > 0", album.Checks[0].Expression);
        Assert.Equal("pk_album", album.PrimaryKey!.Name);
        var kept = TargetNaming.Apply(
            catalog, spec with { Target = spec.Target with { IdentifierCase = "preserve" } }, OracleTraits.Instance).Tables[0];
        Assert.Equal(new TableName("CHINOOK", "Album"), kept.Name);
    }
}
