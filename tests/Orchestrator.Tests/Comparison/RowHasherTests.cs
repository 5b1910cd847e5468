using System.Text;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Comparison;

public class RowHasherTests
{
    /// <summary>Rows (id, name, body): a NULL, an empty value, and a value longer than any buffer below.</summary>
    static byte[] Binary(params (int Id, string? Name, string Body)[] rows)
    {
        var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        writer.WriteHeader();
        foreach (var (id, name, body) in rows)
        {
            writer.StartRow(3);
            writer.Int32Field(id);
            if (name is null) writer.Null(); else writer.Text(name);
            writer.Text(body);
        }
        writer.FinishAsync(default).AsTask().GetAwaiter().GetResult();
        return output.ToArray();
    }

    static List<SeenRow> Hash(CopyFormat format, byte[] stream, int buffer, params int[] keyFields)
    {
        var rows = new List<SeenRow>();
        var hasher = RowHasher.For(format, keyFields, 3, rows.Add);
        for (var at = 0; at < stream.Length; at += buffer) hasher.Append(stream.AsSpan(at, Math.Min(buffer, stream.Length - at)));
        hasher.Finish();
        return rows;
    }

    static readonly string Large = new('x', 70_000);

    [Fact]
    public void Binary_rows_hash_the_same_whatever_the_buffers_split_them()
    {
        var stream = Binary((1, "a", "b"), (2, null, ""), (3, "", Large));
        var whole = Hash(CopyFormat.Binary, stream, stream.Length, 0);
        Assert.Equal(3, whole.Count);
        foreach (var size in new[] { 1, 2, 3, 5, 7, 19, 64, 4096 })
        {
            var split = Hash(CopyFormat.Binary, stream, size, 0);
            Assert.Equal(whole.Select(r => r.Key), split.Select(r => r.Key));
            Assert.Equal(whole.SelectMany(r => r.Columns), split.SelectMany(r => r.Columns));
        }
        // A NULL and an empty text are different values; the key is the field's length and bytes.
        Assert.NotEqual(whole[1].Columns[1], whole[2].Columns[1]);
        Assert.Equal([0, 0, 0, 4, 0, 0, 0, 2], whole[1].Key.Bytes);
    }

    [Fact]
    public void A_changed_value_changes_only_its_column_hash()
    {
        var before = Hash(CopyFormat.Binary, Binary((7, "same", Large)), 1000, 0)[0];
        var after = Hash(CopyFormat.Binary, Binary((7, "same", Large[..^1] + "y")), 1000, 0)[0];
        Assert.Equal(before.Key, after.Key);
        Assert.Equal(before.Columns[..2], after.Columns[..2]);
        Assert.NotEqual(before.Columns[2], after.Columns[2]);
    }

    [Fact]
    public void Composite_keys_join_their_fields_in_key_order()
    {
        var rows = Hash(CopyFormat.Binary, Binary((5, "k", "v")), 3, 1, 0);
        Assert.Equal([0, 0, 0, 1, (byte)'k', 0, 0, 0, 4, 0, 0, 0, 5], rows[0].Key.Bytes);
    }

    [Fact]
    public void Text_rows_split_on_tabs_and_lines_whatever_the_buffers()
    {
        var stream = Encoding.UTF8.GetBytes("1\ta\\tb\tbody\n2\t\\N\t\n3\t\t" + Large + "\n");
        var whole = Hash(CopyFormat.Text, stream, stream.Length, 0, 1);
        Assert.Equal(3, whole.Count);
        Assert.Equal("1\ta\\tb", Encoding.UTF8.GetString(whole[0].Key.Bytes));
        foreach (var size in new[] { 1, 2, 5, 4096 })
            Assert.Equal(whole.SelectMany(r => r.Columns), Hash(CopyFormat.Text, stream, size, 0, 1).SelectMany(r => r.Columns));
        Assert.NotEqual(whole[1].Columns[1], whole[2].Columns[1]); // \N (NULL) against an empty string
    }

    [Fact]
    public void Truncated_or_malformed_streams_are_refused()
    {
        var stream = Binary((1, "a", "b"));
        Assert.Throws<InvalidDataException>(() => Hash(CopyFormat.Binary, stream[..^2], 8, 0));
        Assert.Throws<InvalidDataException>(() => Hash(CopyFormat.Binary, [.. "not copy at all!!!!"u8.ToArray()], 8, 0));
        Assert.Throws<InvalidDataException>(() => Hash(CopyFormat.Text, Encoding.UTF8.GetBytes("1\ta\n2\tb\tc\td\n"), 4, 0));
        Assert.Throws<InvalidDataException>(() => Hash(CopyFormat.Text, Encoding.UTF8.GetBytes("1\ta\tb"), 4, 0));
    }
}
