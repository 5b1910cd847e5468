using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class ApplySqlTests
{
    static readonly SyncTable Table = new()
    {
        Source = new("Shop", "Orders"), Target = new("shop", "orders"), Key = [0, 1],
        Columns = [new("Id", "id", "bigint", "bigint"), new("At", "at", "date", "date"),
            new("Total", "total", "numeric", "integer") { Converted = true },
            new("Note", "note \"x\"", "text", "text")],
    };

    [Fact]
    public void Upserts_cast_the_text_of_each_value_to_the_target_type_and_update_the_rest_on_conflict()
    {
        Assert.Equal("INSERT INTO \"shop\".\"orders\" AS t (\"id\", \"at\", \"total\", \"note \"\"x\"\"\") OVERRIDING SYSTEM VALUE " +
            "SELECT u.p0::bigint, u.p1::date, u.p2::numeric::integer, u.p3::text FROM unnest($1::text[], $2::text[], $3::text[], " +
            "$4::text[]) AS u(p0, p1, p2, p3) " +
            "ON CONFLICT (\"id\", \"at\") DO UPDATE SET \"total\" = EXCLUDED.\"total\", \"note \"\"x\"\"\" = EXCLUDED.\"note \"\"x\"\"\"",
            ApplySql.Upsert(Table));
    }

    [Fact]
    public void Deletes_and_partial_updates_match_rows_by_the_whole_key()
    {
        Assert.Equal("DELETE FROM ONLY \"shop\".\"orders\" t USING unnest($1::text[], $2::text[]) AS u(p0, p1) " +
            "WHERE t.\"id\" = u.p0::bigint AND t.\"at\" = u.p1::date", ApplySql.Delete(Table));
        // A partial update sets only what the source sent; its parameters are the key's values, then the sent columns'.
        Assert.Equal("UPDATE ONLY \"shop\".\"orders\" t SET \"total\" = u.p2::numeric::integer FROM unnest($1::text[], $2::text[], " +
            "$3::text[]) AS u(p0, p1, p2) " +
            "WHERE t.\"id\" = u.p0::bigint AND t.\"at\" = u.p1::date", ApplySql.Update(Table, [0, 1, 2]));
        Assert.Equal([0, 1, 2], ApplySql.UpdateParameters(Table, [2, 0]));
    }

    [Fact]
    public void A_table_of_key_columns_only_does_nothing_on_conflict()
    {
        var keyOnly = Table with { Columns = Table.Columns.Take(2).ToList() };
        Assert.EndsWith("ON CONFLICT (\"id\", \"at\") DO NOTHING", ApplySql.Upsert(keyOnly));
    }
}
