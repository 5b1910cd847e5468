using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class NetChangesTests
{
    static readonly SyncTable Table = new()
    {
        Source = new("s", "t"), Target = new("s", "t"), Key = [0],
        Columns = [new("id", "id", "bigint", "bigint"), new("name", "name", "text", "text"), new("notes", "notes", "text", "text")],
    };

    static RowChange Upsert(string id, string? name, string? notes, ChangeKind kind = ChangeKind.Insert) =>
        new() { Table = Table.Source, Kind = kind, Values = [id, name, notes] };

    static RowChange Partial(string id, string? name) =>
        new() { Table = Table.Source, Kind = ChangeKind.Update, Values = [id, name, null], Unchanged = [false, false, true] };

    static NetChanges Net(params RowChange[] changes)
    {
        var net = new NetChanges(Table);
        foreach (var change in changes) net.Add(change);
        return net;
    }

    static string Show(NetChanges net) => string.Join("; ", net.Outcomes.Select(o =>
        o.Values is null ? $"-{o.Key[0]}"
            : $"{(o.IsPartial ? "~" : "+")}"
                + $"{string.Join(",", o.Values.Select((v, i) => o.Unchanged?[i] == true ? "(kept)" : v ?? "null"))}"));

    [Fact]
    public void Each_key_ends_with_what_applying_its_changes_in_order_leaves()
    {
        var net = Net(
            Upsert("1", "a", "n1"), Upsert("1", "b", "n1", ChangeKind.Update),     // insert then update: the last row
            Upsert("2", "x", null),
            new() { Table = Table.Source, Kind = ChangeKind.Delete, OldKey = ["2"] }, // insert then delete: a delete
            Upsert("3", "c", "n3"), Partial("3", "d"),                               // full row then a partial update: merged, whole
            Partial("4", "e"), Partial("4", "f"));                                   // partial updates only: the target keeps notes
        Assert.Equal("+1,b,n1; -2; +3,d,n3; ~4,f,(kept)", Show(net));
        Assert.False(net.NeedsOrder);
    }

    [Fact]
    public void A_delete_then_insert_of_a_key_is_the_new_row_and_a_truncate_clears_what_came_before()
    {
        Assert.Equal("+5,new,null",
            Show(Net(new() { Table = Table.Source, Kind = ChangeKind.Delete, OldKey = ["5"] }, Upsert("5", "new", null))));

        var truncated = Net(Upsert("1", "a", null), new() { Table = Table.Source, Kind = ChangeKind.Truncate }, Upsert("2", "b", null));
        Assert.True(truncated.Truncated);
        Assert.Equal("+2,b,null", Show(truncated));
    }

    [Fact]
    public void A_key_change_deletes_the_old_key_and_one_that_kept_a_value_needs_order()
    {
        var moved = Net(new RowChange { Table = Table.Source, Kind = ChangeKind.Update, Values = ["9", "a", "n"], OldKey = ["8"] });
        Assert.Equal("-8; +9,a,n", Show(moved));
        Assert.False(moved.NeedsOrder);

        var keptToast = Net(new RowChange { Table = Table.Source, Kind = ChangeKind.Update, Values = ["9", "a", null],
            Unchanged = [false, false, true], OldKey = ["8"] });
        Assert.True(keptToast.NeedsOrder);
    }
}
