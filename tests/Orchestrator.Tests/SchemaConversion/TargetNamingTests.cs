using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.Postgres;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.SchemaConversion;

public class TargetNamingTests
{
    static MigrationSpec Spec(string dialect, string? identifierCase = null, params TableOverride[] overrides) => new()
    {
        Source = new SourceSpec { Dialect = dialect, Connection = "S" },
        Target = new TargetSpec { Connection = "T", IdentifierCase = identifierCase },
        Overrides = overrides,
    };

    static SourceCatalog Named(SourceCatalog catalog, MigrationSpec spec) =>
        TargetNaming.Apply(catalog, spec, SourceDialects.TraitsOf(spec.Source));

    static ColumnInfo Col(string name, string type = "integer", TypeFamily family = TypeFamily.Integer) =>
        new() { Name = name, DataType = type, Family = family };

    static SourceCatalog Catalog(string dialect, params TableInfo[] tables) => new()
    {
        Dialect = dialect, Database = "db", ServerVersion = "1", Tables = tables,
    };

    static TableInfo SqlServerOrders() => new()
    {
        Name = new("dbo", "Orders"),
        Columns =
        [
            Col("OrderId"), Col("CustomerId"), Col("Total", "numeric(12,2)", TypeFamily.Decimal),
            Col("User", "varchar(40)", TypeFamily.Text),
        ],
        PrimaryKey = new KeyInfo("PK_Orders", ["OrderId"]),
        ForeignKeys =
        [
            new ForeignKeyInfo("FK_Orders_Customers", ["CustomerId"], new("dbo", "Customers"), ["CustomerId"])
            {
                OnDelete = ReferentialAction.Cascade,
            },
        ],
        Checks = [new CheckInfo("CK_Total", "\"Total\" >= 0")],
        Indexes = [new IndexInfo("IX_Total", false, [new IndexKey("Total") { Descending = true }]) { Predicate = "(\"Total\" > 0)" }],
    };

    static TableInfo SqlServerCustomers() => new()
    {
        Name = new("dbo", "Customers"),
        Columns = [Col("CustomerId"), Col("Name", "varchar(50)", TypeFamily.Text)],
        PrimaryKey = new KeyInfo("PK_Customers", ["CustomerId"]),
    };

    [Fact]
    public void SqlServer_names_fold_to_lower_case_with_sources_kept()
    {
        var catalog = Named(Catalog("sqlserver", SqlServerOrders(), SqlServerCustomers()), Spec("sqlserver"));
        var orders = catalog.Tables[0];
        Assert.Equal(new TableName("dbo", "orders"), orders.Name);
        Assert.Equal(new TableName("dbo", "Orders"), orders.Source!.Name);
        Assert.Equal(["orderid", "customerid", "total", "user"], orders.Columns.Select(c => c.Name));
        Assert.Equal(new SourceColumn("OrderId", orders.Columns[0].DataType, "orderid"), orders.SourceOf(orders.Columns[0]));
        Assert.Equal("pk_orders", orders.PrimaryKey!.Name);
        Assert.Equal(["orderid"], orders.PrimaryKey.Columns);
        var fk = Assert.Single(orders.ForeignKeys);
        Assert.Equal(("customerid", new TableName("dbo", "customers"), "customerid"),
            (string.Join(",", fk.Columns), fk.References, string.Join(",", fk.ReferencedColumns)));
        Assert.Equal(
            "ALTER TABLE \"dbo\".\"orders\" ADD CONSTRAINT \"fk_orders_customers\" FOREIGN KEY (\"customerid\") " +
            "REFERENCES \"dbo\".\"customers\" (\"customerid\") ON DELETE CASCADE",
            DdlWriter.ForeignKey(orders.Name, fk));
        Assert.Equal("\"total\" >= 0", Assert.Single(orders.Checks).Expression);
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"ix_total\" ON \"dbo\".\"orders\" (\"total\" DESC) WHERE (\"total\" > 0)",
            DdlWriter.Index(orders.Name, Assert.Single(orders.Indexes)));
        Assert.Same(orders, catalog.Find(new TableName("dbo", "Orders")));
        Assert.Contains(catalog.Findings, f => f.Rule == "reserved-word" && f.Subject == "dbo.Orders.User");
    }

    [Fact]
    public void Preserve_keeps_sqlserver_names_exactly()
    {
        var catalog = Named(Catalog("sqlserver", SqlServerOrders(), SqlServerCustomers()), Spec("sqlserver", IdentifierCase.Preserve));
        Assert.Equal(DdlWriter.Index(SqlServerOrders().Name, SqlServerOrders().Indexes[0]),
            DdlWriter.Index(catalog.Tables[0].Name, catalog.Tables[0].Indexes[0]));
        Assert.Null(catalog.Tables[0].Source);
    }

    [Fact]
    public void Names_that_collide_after_folding_get_a_numeric_suffix_and_a_finding()
    {
        var upper = new TableInfo { Name = new("APP", "ITEM"), Columns = [Col("ID"), Col("Id"), Col("id")] };
        var quoted = new TableInfo
        {
            Name = new("APP", "Item"), Columns = [Col("ID")], Indexes = [new IndexInfo("ITEM", false, [new IndexKey("ID")])],
        };
        var catalog = Named(Catalog("oracle", upper, quoted), Spec("oracle"));
        Assert.Equal(["item", "item_2"], catalog.Tables.Select(t => t.Name.Name));
        Assert.Equal(["id", "id_2", "id_3"], catalog.Tables[0].Columns.Select(c => c.Name));
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"item_3\" ON \"app\".\"item_2\" (\"id\")",
            DdlWriter.Index(catalog.Tables[1].Name, catalog.Tables[1].Indexes[0]));
        Assert.Equal(4, catalog.Findings.Count(f => f.Rule == "collision"));
    }

    [Fact]
    public void Names_longer_than_63_bytes_are_cut_and_reported()
    {
        var longName = new string('A', 70);
        var catalog = Named(Catalog("oracle", new TableInfo { Name = new("APP", longName), Columns = [Col("ID")] }), Spec("oracle"));
        Assert.Equal(new string('a', 63), catalog.Tables[0].Name.Name);
        Assert.Contains(catalog.Findings, f => f.Rule == "identifier");
        Assert.Equal(31, IdentifierRules.Truncate(new string('é', 40), 63).Length); // 2-byte characters: 31 fit in 63 bytes
    }

    [Fact]
    public void Overrides_rename_tables_and_columns_and_change_types()
    {
        var spec = Spec("sqlserver", null, new TableOverride
        {
            Table = "dbo.Orders", Schema = "sales", Name = "order_header",
            Columns = new Dictionary<string, ColumnOverride>
            {
                ["Total"] = new() { Name = "amount", Type = "numeric" }, ["User"] = new() { Name = "entered_by", Type = "text" },
            },
        });
        var catalog = Named(Catalog("sqlserver", SqlServerOrders(), SqlServerCustomers()), spec);
        var orders = catalog.Tables[0];
        Assert.Equal(new TableName("sales", "order_header"), orders.Name);
        Assert.Equal(("amount", "numeric", "numeric(12,2)"),
            (orders.Columns[2].Name, orders.Columns[2].DataType, orders.SourceOf(orders.Columns[2]).DataType));
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"ix_total\" ON \"sales\".\"order_header\" (\"amount\" DESC) WHERE (\"amount\" > 0)",
            DdlWriter.Index(orders.Name, orders.Indexes[0]));
        Assert.DoesNotContain(catalog.Findings, f => f.Rule == "reserved-word");
    }

    [Fact]
    public void Overrides_that_cannot_work_are_spec_errors_naming_the_path()
    {
        var e = Assert.Throws<SpecException>(() => Named(Catalog("sqlserver", SqlServerOrders(), SqlServerCustomers()), Spec(
            "sqlserver", null,
            new TableOverride
            {
                Table = "dbo.Orders",
                Columns = new Dictionary<string, ColumnOverride>
                {
                    ["Total"] = new() { Type = "numeric(12,4)" }, ["OrderId"] = new() { Type = "bigint" }, ["Nope"] = new() { Name = "x" },
                },
            },
            new TableOverride { Table = "dbo.Missing", Name = "m" })));
        Assert.Contains(
            "overrides[0].columns.Total.type: dbo.Orders.Total is numeric(12,2); " +
            "the sqlserver reader writes numeric(12,2) values and does not convert them to numeric(12,4)", e.Message);
        Assert.Contains("overrides[0].columns.OrderId.type: dbo.Orders.OrderId is integer; it is a key column", e.Message);
        Assert.Contains("overrides[0].columns.Nope: dbo.Orders has no column Nope", e.Message);
        Assert.Contains("overrides[1].table: dbo.Missing is not a selected source table", e.Message);
    }

    [Fact]
    public void Postgres_sources_are_unchanged_without_overrides_and_cast_with_them()
    {
        var table = new TableInfo
        {
            Name = new("shop", "Orders"),
            Columns =
            [
                Col("id") with { Default = "nextval('shop.\"Orders_id_seq\"'::regclass)" },
                Col("Amount", "numeric(14,4)", TypeFamily.Decimal),
            ],
            PrimaryKey = new KeyInfo("Orders_pkey", ["id"]),
            Indexes =
            [
                new IndexInfo("orders_amount", false, [new IndexKey("Amount") { Descending = true }])
                {
                    Method = "btree", Predicate = "\"Amount\" > 0::numeric",
                },
                new IndexInfo("orders_amount_text", false, [])
                {
                    Definition = "CREATE INDEX orders_amount_text ON shop.\"Orders\" USING btree (((\"Amount\")::text))",
                },
            ],
        };
        var sequence = new SequenceInfo
        {
            Schema = "shop", Name = "Orders_id_seq", DataType = "bigint", OwnedByTable = table.Name, OwnedByColumn = "id",
        };
        var catalog = Catalog("postgres", table) with { Sequences = [sequence] };
        string Json(SourceCatalog c) => System.Text.Json.JsonSerializer.Serialize(c, SpecLoader.JsonOptions);
        Assert.Equal(Json(catalog), Json(Named(catalog, Spec("postgres"))));
        Assert.Empty(Named(catalog, Spec("postgres")).Findings);

        var renamed = Named(catalog, Spec("postgres", null, new TableOverride
        {
            Table = "shop.Orders", Name = "orders",
            Columns = new Dictionary<string, ColumnOverride> { ["Amount"] = new() { Name = "amount", Type = "numeric(12,2)" } },
        }));
        var orders = renamed.Tables[0];
        Assert.Equal(
            "CREATE INDEX IF NOT EXISTS \"orders_amount\" ON \"shop\".\"orders\" USING btree (\"amount\" DESC) " +
            "WHERE \"amount\" > 0::numeric",
            DdlWriter.Index(orders.Name, orders.Indexes[0]));
        Assert.Equal("CREATE INDEX orders_amount_text ON \"shop\".\"orders\" USING btree (((\"amount\")::text))",
            orders.Indexes[1].Definition);
        Assert.Equal("nextval('shop.\"Orders_id_seq\"'::regclass)", orders.Columns[0].Default);
        Assert.Equal(new TableName("shop", "orders"), renamed.Sequences[0].OwnedByTable);
        var read = SourceTerms.Read(orders, ["id", "amount"]);
        Assert.Equal(["id", "Amount"], read.Columns);
        Assert.Equal("numeric(12,2)", read.Conversions["Amount"]);
        var range = new Orchestrator.Core.Planning.ChunkRange
        {
            Kind = Orchestrator.Core.Planning.RangeKind.Key, KeyColumns = ["amount", "id"],
        };
        Assert.Equal(["Amount", "id"], read.Range(range).KeyColumns);
        Assert.Equal(["id"], SourceTerms.Comparable(orders).Select(c => c.Name));
        Assert.Equal(new TableName("shop", "Orders"), SourceTerms.ForChunkPlanning(orders).Name);
    }

    [Fact]
    public void Foreign_keys_to_tables_outside_the_selection_are_left_out_and_reported()
    {
        var catalog = Named(Catalog("sqlserver", SqlServerOrders()), Spec("sqlserver"));
        Assert.Empty(catalog.Tables[0].ForeignKeys);
        Assert.Contains(catalog.Findings, f => f.Rule == "foreign-key" && f.Message.Contains("dbo.Customers"));
    }

    [Theory]
    [InlineData("varchar(10)", "text", true)]
    [InlineData("varchar(10)", "character varying(20)", true)]
    [InlineData("varchar(20)", "varchar(10)", false)]
    [InlineData("numeric(12,2)", "numeric", true)]
    [InlineData("numeric(12,2)", "numeric(14,2)", true)]
    [InlineData("numeric(12,2)", "numeric(12,4)", false)]
    [InlineData("timestamp(3)", "timestamp without time zone", true)]
    [InlineData("timestamp(6)", "timestamp(3)", false)]
    [InlineData("integer", "bigint", false)]
    [InlineData("integer", "int4", true)]
    public void Type_overrides_keep_values_only_when_the_binary_form_holds_them(string from, string to, bool keeps) =>
        Assert.Equal(keeps, TypeOverrides.KeepsValues(from, to));

    [Fact]
    public void Postgres_converts_non_key_columns_others_refuse()
    {
        Assert.Null(TypeOverrides.Refusal(PostgresTraits.Instance, "integer", "text", keyColumn: false));
        Assert.NotNull(TypeOverrides.Refusal(PostgresTraits.Instance, "integer", "text", keyColumn: true));
        Assert.NotNull(TypeOverrides.Refusal(OracleTraits.Instance, "numeric", "integer", keyColumn: false));
        Assert.Null(TypeOverrides.Refusal(OracleTraits.Instance, "varchar(10)", "text", keyColumn: true));
    }
}
