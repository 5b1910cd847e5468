using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Sources;

public class AdoChunkStreamTests
{
    static Func<CopyRowWriter, CancellationToken, Task> Rows(int count, Exception? failAfter = null) => async (writer, ct) =>
    {
        for (var i = 0; i < count; i++)
        {
            writer.StartRow(2);
            writer.Int32Field(i);
            writer.Text(new string('x', i % 50));
            await writer.EndRowAsync(ct);
        }
        if (failAfter is not null) throw failAfter;
    };

    [Fact]
    public async Task The_stream_carries_every_row_as_a_complete_copy_stream()
    {
        await using var stream = AdoChunkStream.Start(Rows(100_000), CancellationToken.None);
        var digester = new CopyStreamDigester();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0) digester.Append(buffer.AsSpan(0, read));
        Assert.Equal(100_000, digester.Finish().Rows);
    }

    [Fact]
    public async Task A_source_failure_reaches_the_reader_instead_of_a_short_stream()
    {
        await using var stream = AdoChunkStream.Start(Rows(1000, new InvalidOperationException("source went away")), CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.CopyToAsync(Stream.Null));
        Assert.Equal("source went away", error.Message);
    }

    [Fact]
    public async Task Disposing_early_stops_the_producer_which_was_held_back_by_the_bounded_buffer()
    {
        var produced = 0;
        var stream = AdoChunkStream.Start(async (writer, ct) =>
        {
            while (true)
            {
                writer.StartRow(1);
                writer.Bytes(new byte[1024]);
                produced++;
                await writer.EndRowAsync(ct);
            }
        }, CancellationToken.None);
        var buffer = new byte[1024];
        await stream.ReadExactlyAsync(buffer);
        await Task.Delay(200);
        // Bounded: the producer is parked once a few MB wait unread, not racing through memory.
        Assert.InRange(produced, 1, 20_000);
        await stream.DisposeAsync();
    }
}
