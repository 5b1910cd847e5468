using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Shapes;

/// <summary>The rewrite of a binary COPY stream: rows pass whole or go to the rejects whole, large values stream.</summary>
public class ChunkReshaperTests
{
    static readonly byte[] Header =
        [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 10, 0xff, 13, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    static byte[] Copy(params byte[]?[][] rows)
    {
        var s = new MemoryStream();
        s.Write(Header);
        var b = new byte[4];
        foreach (var row in rows)
        {
            BinaryPrimitives.WriteInt16BigEndian(b, (short)row.Length); s.Write(b, 0, 2);
            foreach (var field in row)
            {
                BinaryPrimitives.WriteInt32BigEndian(b, field?.Length ?? -1); s.Write(b);
                if (field is not null) s.Write(field);
            }
        }
        BinaryPrimitives.WriteInt16BigEndian(b, -1); s.Write(b, 0, 2);
        return s.ToArray();
    }

    static byte[] Int(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, v); return b; }
    static byte[] Le(params float[] f) => f.SelectMany(BitConverter.GetBytes).ToArray();

    static readonly IReadOnlyList<ColumnInfo> Columns =
    [
        new() { Name = "id", DataType = "bigint", Family = TypeFamily.Integer },
        new() { Name = "email", DataType = "text", Family = TypeFamily.Text },
        new() { Name = "big", DataType = "bytea", Family = TypeFamily.Binary },
        new() { Name = "embedding", DataType = "bytea", Family = TypeFamily.Binary },
    ];

    static readonly TableInfo Table = new() { Name = new("ml", "items"), Columns = Columns };

    [Fact]
    public async Task A_refused_row_is_left_out_whole_and_logged_without_its_personal_data()
    {
        var big = new byte[200_000];
        new Random(7).NextBytes(big);
        var input = Copy(
            [Int(1), "a@x"u8.ToArray(), big, Le(1, 2)],
            [Int(2), "b@x"u8.ToArray(), null, Le(1, 2, 3)],
            [Int(3), null, [], Le(0, 1)]);
        var rejects = new RejectLog(Table, Columns.Select(c => c.Name).ToList());
        var shaper = new ChunkReshaper(
            [
                null, new PiiShaper(new PiiRule { Transform = "hash" }, "salt"u8.ToArray()), null,
                new VectorShaper(new VectorRule { Dimensions = 2 }),
            ],
            Columns.Select(c => c.Name).ToList(), rejects);
        var output = new MemoryStream();
        await shaper.RunAsync(new MemoryStream(input), output, CancellationToken.None);

        Assert.Equal(2, shaper.Rows);
        var digester = new CopyStreamDigester();
        digester.Append(output.ToArray());
        Assert.Equal(2, digester.Finish().Rows);
        // The large pass-through value is in the output unchanged.
        Assert.True(output.ToArray().AsSpan().IndexOf(big) > 0);

        var rejected = Assert.Single(RejectLog.Parse(rejects.Text));
        Assert.Equal(2, rejected.Row);
        Assert.Equal("embedding: embedding has 3 dimensions, expected 2", rejected.Reason);
        var source = JsonSerializer.Serialize(rejected.Source);
        Assert.DoesNotContain("b@x", source);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("saltb@x"u8.ToArray())), source);
        Assert.Null(rejected.Source["big"]);
    }

    [Fact]
    public async Task A_stream_that_is_not_binary_copy_is_refused()
    {
        var shaper = new ChunkReshaper([null], ["id"], new RejectLog(Table, ["id"]));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            shaper.RunAsync(
                new MemoryStream(Encoding.UTF8.GetBytes("id\tname\n1\tx\n2\ty\n3\tz\n")), new MemoryStream(), CancellationToken.None));
        Assert.Contains("not a binary COPY stream", error.Message);
    }
}
