using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;

namespace Orchestrator.Tests.SchemaConversion;

public class DefinitionRewriterTests
{
    static readonly TableName Orders = new("shop", "Orders");
    static readonly TableName Customers = new("shop", "customers");

    static NameMap Map()
    {
        var map = new NameMap();
        map.Tables[Orders] = new("shop", "orders");
        map.Tables[Customers] = new("sales", "customer");
        map.Columns[Orders] = new() { ["Total"] = "total", ["key"] = "k", ["customer_id"] = "customer" };
        map.Columns[Customers] = new() { ["id"] = "customer_id" };
        map.Sequences[new("shop", "Order_Seq")] = new("shop", "order_seq");
        return map;
    }

    [Fact]
    public void Keys_rename_columns_inside_parentheses_not_keywords()
    {
        Assert.Equal("PRIMARY KEY (\"k\")", DefinitionRewriter.Clause("PRIMARY KEY (key)", Orders, Map()));
        Assert.Equal("UNIQUE NULLS NOT DISTINCT (\"total\", other)",
            DefinitionRewriter.Clause("UNIQUE NULLS NOT DISTINCT (\"Total\", other)", Orders, Map()));
    }

    [Fact]
    public void Foreign_keys_rename_the_referenced_table_and_its_columns()
    {
        Assert.Equal("FOREIGN KEY (\"customer\") REFERENCES \"sales\".\"customer\"(\"customer_id\") ON DELETE CASCADE ON UPDATE SET NULL",
            DefinitionRewriter.Clause(
                "FOREIGN KEY (customer_id) REFERENCES shop.customers(id) ON DELETE CASCADE ON UPDATE SET NULL", Orders, Map()));
    }

    [Fact]
    public void Checks_keep_functions_types_literals_and_keywords()
    {
        Assert.Equal(
            "CHECK (((\"total\" > (0)::numeric) AND (lower(note) <> 'Total'::text) AND key IS NOT NULL))".Replace("key IS", "\"k\" IS"),
            DefinitionRewriter.Clause(
                "CHECK (((\"Total\" > (0)::numeric) AND (lower(note) <> 'Total'::text) AND key IS NOT NULL))", Orders, Map()));
    }

    [Fact]
    public void Expressions_rename_at_top_level_and_follow_sequences_in_regclass_literals()
    {
        Assert.Equal("\"total\" * 2", DefinitionRewriter.Expression("\"Total\" * 2", Orders, Map()));
        Assert.Equal("nextval('\"shop\".\"order_seq\"'::regclass)",
            DefinitionRewriter.Expression("nextval('shop.\"Order_Seq\"'::regclass)", Orders, Map()));
        Assert.Equal("nextval('other_seq'::regclass)", DefinitionRewriter.Expression("nextval('other_seq'::regclass)", Orders, Map()));
    }

    [Fact]
    public void Indexes_get_their_new_name_table_keys_and_predicate()
    {
        Assert.Equal(
            "CREATE UNIQUE INDEX \"orders_total\" ON \"shop\".\"orders\" USING btree (\"total\" DESC, lower(note)) WHERE \"k\" IS NOT NULL",
            DefinitionRewriter.Index(
                "CREATE UNIQUE INDEX \"Orders_Total\" ON shop.\"Orders\" USING btree (\"Total\" DESC, lower(note)) WHERE key IS NOT NULL",
                "orders_total", Orders, Map()));
    }

    [Fact]
    public void Nothing_renamed_gives_the_text_back_unchanged()
    {
        var none = new NameMap();
        none.Tables[Orders] = Orders;
        const string fk = "FOREIGN KEY (customer_id) REFERENCES shop.\"Orders\"(id) MATCH FULL DEFERRABLE";
        Assert.Equal(fk, DefinitionRewriter.Clause(fk, Orders, none));
        const string index =
            "CREATE INDEX ix ON ONLY shop.\"Orders\" USING gin (to_tsvector('english'::regconfig, note)) WHERE (active AND n > 0)";
        Assert.Equal(index, DefinitionRewriter.Index(index, "ix", Orders, none));
    }
}
