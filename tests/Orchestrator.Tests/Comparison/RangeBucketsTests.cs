using Orchestrator.Core.Catalog;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Comparison;

/// <summary>One read of a whole table, its rows in any order, gives each key range the digest of reading that range alone.</summary>
public class RangeBucketsTests
{
    static ChunkRange Range(string? lower, string? upper) => new()
    {
        Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"],
        Lower = lower is null ? null : [lower], Upper = upper is null ? null : [upper],
    };

    static CompareTable Table(params ChunkRange[] ranges) => new()
    {
        TableId = "t0001-s.t", Source = new TableName("s", "t"), Target = new TableName("s", "t"), Columns = ["name", "id"],
        Read = new(["name", "id"], new Dictionary<string, string>()), Mode = CompareMode.Ranges,
        Key = ["id"], KeyTypes = ["bigint"], Ranges = ranges,
    };

    static byte[] Copy(IEnumerable<long> ids)
    {
        var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        writer.WriteHeader();
        foreach (var id in ids)
        {
            writer.StartRow(2);
            writer.Text(id % 7 == 0 ? new string('v', 9000) : $"row {id}"); // values longer than the buffers below
            writer.Int64Field(id);
        }
        writer.FinishAsync(default).AsTask().GetAwaiter().GetResult();
        return output.ToArray();
    }

    static RowSetDigest Digest(byte[] stream, int buffer, ITupleObserver? observer = null)
    {
        var digester = new CopyStreamDigester(observer);
        for (var at = 0; at < stream.Length; at += buffer) digester.Append(stream.AsSpan(at, Math.Min(buffer, stream.Length - at)));
        return digester.Finish();
    }

    [Fact]
    public void Each_ranges_digest_is_the_digest_of_its_rows_alone_whatever_the_order_and_buffers()
    {
        var table = Table(Range(null, "-5"), Range("-5", "100"), Range("100", "250"), Range("250", null));
        var ids = Enumerable.Range(-20, 400).Select(i => (long)i).OrderBy(i => (i * 7919) % 401).ToList(); // no key order
        var expected = new[]
            {
                ids.Where(i => i < -5), ids.Where(i => i is >= -5 and < 100), ids.Where(i => i is >= 100 and < 250),
                ids.Where(i => i >= 250),
            }
            .Select(part => Digest(Copy(part), 1 << 16)).ToList();

        foreach (var buffer in new[] { 3, 1000, 1 << 16 })
        {
            var buckets = RangeBuckets.For(table)!;
            var whole = Digest(Copy(ids), buffer, buckets);
            Assert.Equal(expected, buckets.Digests);
            Assert.Equal(whole, buckets.Digests.Aggregate(RowSetDigest.Empty, (sum, d) => sum + d));
        }
    }

    [Fact]
    public void Only_contiguous_integer_or_uuid_ranges_over_one_key_column_in_binary_are_read_in_one_pass()
    {
        Assert.NotNull(RangeBuckets.For(Table(Range(null, "10"), Range("10", null))));
        var uuid = "80000000-0000-0000-0000-000000000000";
        Assert.NotNull(RangeBuckets.For(Table(Range(null, uuid), Range(uuid, null)) with { KeyTypes = ["uuid"] }));
        Assert.Null(RangeBuckets.For(Table(Range(null, "20"), Range("20", "10"), Range("10", null)))); // out of order
        Assert.Null(RangeBuckets.For(Table(Range(null, null)))); // one range: read as it is
        Assert.Null(RangeBuckets.For(Table(Range(null, "10"), Range("11", null)))); // a gap
        Assert.Null(RangeBuckets.For(Table(Range("0", "10"), Range("10", null)))); // the first range has a lower bound
        Assert.Null(RangeBuckets.For(Table(Range(null, "10"), Range("10", null)) with { KeyTypes = ["text"] }));
        Assert.Null(RangeBuckets.For(Table(Range(null, "10"), Range("10", null)) with { Format = CopyFormat.Text }));
        Assert.Null(RangeBuckets.For(Table(Range(null, "b"), Range("b", null))));
    }
}
