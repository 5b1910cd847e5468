using Orchestrator.Core.Target;
using System.Data;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Sources.SqlServer;

/// <summary>Defaults, checks, foreign key actions, indexes and comments of SQL Server, as PostgreSQL text or findings.</summary>
public class SqlServerSchemaConversionTests
{
    static readonly ColumnMapping Timestamp = new("timestamp(6)", ValueEncoding.Timestamp);
    static readonly ColumnMapping Bit = new("boolean", ValueEncoding.Boolean);

    [Theory]
    [InlineData("(getdate())", "LOCALTIMESTAMP")]
    [InlineData("(sysdatetime())", "LOCALTIMESTAMP")]
    [InlineData("(CURRENT_TIMESTAMP)", "LOCALTIMESTAMP")]
    [InlineData("(getutcdate())", "(now() AT TIME ZONE 'UTC')")]
    [InlineData("(sysdatetimeoffset())", "now()")]
    [InlineData("(newid())", "gen_random_uuid()")]
    [InlineData("(newsequentialid())", "gen_random_uuid()")]
    [InlineData("(CONVERT([date],getdate()))", "CURRENT_DATE")]
    [InlineData("(suser_sname())", "CURRENT_USER")]
    [InlineData("((-1.5))", "-1.5")]
    [InlineData("(N'it''s')", "'it''s'")]
    [InlineData("(NEXT VALUE FOR [dbo].[OrderNumbers])", "nextval('\"dbo\".\"OrderNumbers\"'::regclass)")]
    public void Defaults_translate(string definition, string expected) =>
        Assert.Equal(expected, SqlServerExpressions.Default(definition, Timestamp));

    [Theory]
    [InlineData("(dateadd(day,(1),getdate()))")]
    [InlineData("([dbo].[NextCode]())")]
    [InlineData("(NEXT VALUE FOR [OrderNumbers])")]
    public void Defaults_that_do_not_translate_are_null(string definition) =>
        Assert.Null(SqlServerExpressions.Default(definition, Timestamp));

    [Fact]
    public void Bit_defaults_become_booleans() =>
        Assert.Equal(("true", "false"), (SqlServerExpressions.Default("((1))", Bit), SqlServerExpressions.Default("((0))", Bit)));

    [Theory]
    [InlineData("([Total]>=(0))", "(\"Total\">=(0))")]
    [InlineData("([Status]='C' OR [Status]='B')", "(\"Status\"='C' OR \"Status\"='B')")]
    [InlineData("([Qty]>(0) AND [Qty]<=(100))", "(\"Qty\">(0) AND \"Qty\"<=(100))")]
    [InlineData("([Kind] IN ('a','b'))", "(\"Kind\" IN ('a','b'))")]
    [InlineData("([Qty] BETWEEN (1) AND (9))", "(\"Qty\" BETWEEN (1) AND (9))")]
    [InlineData("([Total]*(2)>[Qty]+(1))", "(\"Total\"*(2)>\"Qty\"+(1))")]
    [InlineData("([Code] like 'A%')", "(\"Code\" LIKE 'A%')")]
    [InlineData("([Active]=(1))", "(\"Active\"=(true))")]
    [InlineData("([Ended] IS NULL OR [Ended]>[Started])", "(\"Ended\" IS NULL OR \"Ended\">\"Started\")")]
    public void Checks_translate_when_simple(string definition, string expected) =>
        Assert.Equal(expected, SqlServerExpressions.Check(definition, c => c == "Active", c => c is "Status" or "Kind" or "Code"));

    [Theory]
    [InlineData("(len([Code])>(2))")]
    [InlineData("([Code] like '[A-Z]%')")]
    [InlineData("([First]+[Last]<>'')")]
    [InlineData("([At]<getdate())")]
    public void Checks_that_do_not_translate_are_null(string definition) =>
        Assert.Null(SqlServerExpressions.Check(definition, _ => false, c => c is "Code" or "First" or "Last"));

    static SqlServerTableFacts Facts() => new()
    {
        Name = new TableName("dbo", "Orders"),
        Columns =
        [
            new SqlServerColumn { Name = "Id", SourceType = "int", Nullable = false, IsIdentity = true, Comment = "surrogate key" },
            new SqlServerColumn { Name = "Total", SourceType = "money", DefaultDefinition = "(dateadd(day,(1),getdate()))" },
            new SqlServerColumn { Name = "Code", SourceType = "varchar", MaxLength = 10, Collation = "Latin1_General_100_CS_AS" },
            new SqlServerColumn { Name = "Status", SourceType = "varchar", MaxLength = 1, Collation = "SQL_Latin1_General_CP1_CI_AS" },
        ],
    };

    [Fact]
    public void Checks_become_constraints_or_findings_never_silence()
    {
        var facts = Facts();
        var table = SqlServerCatalogReader.BuildTable(facts, [], [],
        [
            new("CK_Total", "([Total]>=(0))", false, false),
            new("CK_Code", "(len([Code])>(2))", false, false),
            new("CK_Off", "([Total]<(10))", true, false),
            new("CK_Status", "([Status]='A' OR [Status]='B')", false, false),
            new("CK_CodeSet", "([Code]='X' OR [Code]='Y')", false, false),
        ]);
        Assert.Equal([("CK_Total", "(\"Total\">=(0))"), ("CK_CodeSet", "(\"Code\"='X' OR \"Code\"='Y')")],
            table.Checks.Select(c => (c.Name, c.Expression)));
        Assert.Contains(facts.Findings, f => f.Subject == "dbo.Orders check CK_Status" && f.Message.Contains("case-insensitive"));
        Assert.Contains(facts.Findings, f => f.Subject == "dbo.Orders check CK_Code" && f.Rule == "check");
        Assert.Contains(facts.Findings, f => f.Subject == "dbo.Orders check CK_Off" && f.Message.Contains("disabled"));
        Assert.Contains(facts.Findings, f => f.Subject == "dbo.Orders.Total" && f.Rule == "default");
        Assert.Equal("surrogate key", table.Columns[0].Comment);
        Assert.Equal(IdentityKind.ByDefault, table.Columns[0].Identity);
    }

    [Fact]
    public void Check_rows_are_read_from_sys_check_constraints()
    {
        Assert.Contains("sys.check_constraints", SqlServerCatalogQueries.Checks);
        Assert.Contains("MS_Description", SqlServerCatalogQueries.Comments);
        var rows = new DataTable();
        foreach (var (name, type) in new (string, Type)[]
                 {
                     ("parent", typeof(int)), ("name", typeof(string)), ("definition", typeof(string)), ("disabled", typeof(bool)),
                     ("untrusted", typeof(bool)),
                 })
            rows.Columns.Add(name, type);
        rows.Rows.Add(7, "CK_A", "([A]>(0))", false, true);
        var check = Assert.Single(SqlServerCatalogReader.ReadChecks(rows.CreateDataReader())[7]);
        Assert.Equal(("CK_A", true), (check.Name, check.NotTrusted));
    }

    [Fact]
    public void Foreign_key_actions_carry_over()
    {
        var fks = new DataTable();
        foreach (var name in new[] { "parent", "name", "rs", "rt", "pc", "rc", "del", "upd" })
            fks.Columns.Add(name, name == "parent" ? typeof(int) : typeof(string));
        fks.Rows.Add(7, "FK_A", "dbo", "P", "A", "Id", "SET_NULL", "CASCADE");
        fks.Rows.Add(7, "FK_B", "dbo", "P", "B", "Id", "SET_DEFAULT", "NO_ACTION");
        fks.Rows.Add(7, "FK_C", "dbo", "Q", "C1", "K1", "NO_ACTION", "NO_ACTION");
        fks.Rows.Add(7, "FK_C", "dbo", "Q", "C2", "K2", "NO_ACTION", "NO_ACTION");
        var read = SqlServerCatalogReader.ReadForeignKeys(fks.CreateDataReader())[7];
        Assert.Equal([(ReferentialAction.SetNull, ReferentialAction.Cascade), (ReferentialAction.SetDefault, ReferentialAction.NoAction),
            (ReferentialAction.NoAction, ReferentialAction.NoAction)], read.Select(f => (f.OnDelete, f.OnUpdate)));
        Assert.Equal(("C1,C2", new TableName("dbo", "Q"), "K1,K2"),
            (string.Join(",", read[2].Columns), read[2].References, string.Join(",", read[2].ReferencedColumns)));
        Assert.Equal(
            "ALTER TABLE \"dbo\".\"T\" ADD CONSTRAINT \"FK_A\" FOREIGN KEY (\"A\") REFERENCES \"dbo\".\"P\" (\"Id\") " +
            "ON UPDATE CASCADE ON DELETE SET NULL",
            DdlWriter.ForeignKey(new TableName("dbo", "T"), read[0]));
    }

    [Fact]
    public void Unique_composite_descending_and_filtered_indexes_translate()
    {
        var facts = Facts();
        var table = SqlServerCatalogReader.BuildTable(facts,
        [
            new("UX_Code", false, false, true, "([Code] IS NOT NULL)", [new("Code", false, false), new("Id", true, false)]),
        ], []);
        var index = Assert.Single(table.Indexes);
        Assert.Equal([("Code", false), ("Id", true)], index.Keys.Select(k => (k.Column, k.Descending)));
        Assert.Equal((true, "(\"Code\" IS NOT NULL)"), (index.IsUnique, index.Predicate));
        Assert.Equal(
            "CREATE UNIQUE INDEX IF NOT EXISTS \"UX_Code\" ON \"dbo\".\"Orders\" (\"Code\", \"Id\" DESC) WHERE (\"Code\" IS NOT NULL)",
            DdlWriter.Index(table.Name, index));
    }

    [Fact]
    public void Sequence_defaults_follow_the_sequence_to_its_folded_name()
    {
        var table = new TableInfo
        {
            Name = new("dbo", "Orders"),
            Columns =
            [
                new ColumnInfo
                {
                    Name = "No", DataType = "bigint", Family = TypeFamily.Integer,
                    Default = SqlServerExpressions.Default("(NEXT VALUE FOR [dbo].[OrderNumbers])", new("bigint", ValueEncoding.Int64)),
                },
            ],
        };
        var catalog = new SourceCatalog
        {
            Dialect = "sqlserver", Database = "d", ServerVersion = "16", Tables = [table],
            Sequences = [new SequenceInfo { Schema = "dbo", Name = "OrderNumbers", DataType = "bigint" }],
        };
        var spec = new MigrationSpec { Source = new() { Dialect = "sqlserver", Connection = "S" }, Target = new() { Connection = "T" } };
        var converted = TargetNaming.Apply(catalog, spec, SqlServerTraits.Instance);
        Assert.Equal("nextval('\"dbo\".\"ordernumbers\"'::regclass)", converted.Tables[0].Columns[0].Default);
        Assert.Equal(new TableName("dbo", "OrderNumbers"), converted.Sequences[0].SourceSequenceName);
    }

    [Fact]
    public void Names_fold_collide_into_suffixes_and_reserved_words_are_reported()
    {
        var facts = new SqlServerTableFacts
        {
            Name = new TableName("Sales", "User"),
            Columns =
            [
                new SqlServerColumn { Name = "Id", SourceType = "int" }, new SqlServerColumn { Name = "ID", SourceType = "bigint" },
                new SqlServerColumn { Name = "Order", SourceType = "int" },
            ],
        };
        var user = SqlServerCatalogReader.BuildTable(facts, [new("IX_User", false, false, false, null, [new("ID", true, false)])], []);
        var other = new TableInfo
        {
            Name = new("Sales", "USER"), Columns = [new ColumnInfo { Name = "X", DataType = "integer", Family = TypeFamily.Integer }],
        };
        var catalog = new SourceCatalog { Dialect = "sqlserver", Database = "d", ServerVersion = "16", Tables = [user, other] };
        var spec = new MigrationSpec { Source = new() { Dialect = "sqlserver", Connection = "S" }, Target = new() { Connection = "T" } };
        var converted = TargetNaming.Apply(catalog, spec, SqlServerTraits.Instance);
        Assert.Equal([new TableName("sales", "user"), new TableName("sales", "user_2")], converted.Tables.Select(t => t.Name));
        Assert.Equal(["id", "id_2", "order"], converted.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"ix_user\" ON \"sales\".\"user\" (\"id_2\" DESC)",
            DdlWriter.Index(converted.Tables[0].Name, converted.Tables[0].Indexes[0]));
        Assert.Equal(["Sales.USER", "Sales.User.ID"], converted.Findings.Where(f => f.Rule == "collision").Select(f => f.Subject));
        Assert.Equal(["Sales.User", "Sales.User.Order"],
            converted.Findings.Where(f => f.Rule == "reserved-word").Select(f => f.Subject).Order(StringComparer.Ordinal));
    }
}
