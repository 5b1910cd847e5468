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
        await using var stream = AdoChunkStream.Start(
            Rows(1000, new InvalidOperationException("source went away")), CancellationToken.None);
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

    /// <summary>The consumer's side failing (its staging store full): closing the stream stops a producer held back by
    /// the full pipe, and the producer releases its source (its finally runs), before the close returns.</summary>
    [Fact]
    public async Task A_reader_that_fails_and_closes_stops_the_producer_and_its_source_is_released()
    {
        var released = new TaskCompletionSource();
        var stream = AdoChunkStream.Start(async (writer, ct) =>
        {
            try
            {
                while (true)
                {
                    writer.StartRow(1);
                    writer.Bytes(new byte[4096]);
                    await writer.EndRowAsync(ct);
                }
            }
            finally { released.SetResult(); }
        }, CancellationToken.None);
        var staged = new Orchestrator.Tests.Staging.MemoryStagingWrite(failWritesAfter: 3);
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using (stream) await stream.CopyToAsync(staged);
        });
        Assert.True(released.Task.IsCompleted, "the producer was still running after the stream closed");
    }

    /// <summary>A producer stuck in a source call that ignores cancellation does not hold up the failure being reported.</summary>
    [Fact]
    public async Task Closing_does_not_wait_for_ever_on_a_producer_that_ignores_cancellation()
    {
        var stuck = new TaskCompletionSource();
        var stream = AdoChunkStream.Start(async (writer, ct) =>
        {
            writer.StartRow(1);
            writer.Int32Field(1);
            await writer.FlushAsync(ct);
            await stuck.Task; // a blocking driver call: no token
        }, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var buffer = new byte[16];
        await stream.ReadExactlyAsync(buffer);
        await stream.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        stuck.SetResult();
    }

    /// <summary>
    /// A large value spilled to a full disk (/dev/full answers every write with ENOSPC) fails the read with the path and the
    /// system's reason.
    /// </summary>
    [Fact]
    public async Task A_large_value_that_cannot_be_spooled_fails_the_reader_naming_the_file_and_the_disk_full()
    {
        var dir = Directory.CreateTempSubdirectory("spool-").FullName;
        try
        {
            var link = Path.Combine(dir, "value.tmp");
            var stream = AdoChunkStream.Start(async (writer, ct) =>
            {
                await using var spool = new ValueSpool(() =>
                {
                    File.CreateSymbolicLink(link, "/dev/full");
                    return link;
                });
                for (var i = 0; i < 40; i++) await spool.WriteAsync(new byte[64 << 10], ct); // 2.5 MB: past what stays in memory
                writer.StartRow(1);
                await writer.BytesAsync(spool.Rewind(), spool.Length, ct);
                await writer.EndRowAsync(ct);
            }, CancellationToken.None);
            var error = await Assert.ThrowsAsync<IOException>(async () =>
            {
                await using (stream) await stream.CopyToAsync(Stream.Null);
            });
            Assert.Equal($"spooling a large source value to {link} failed: No space left on device. " +
                $"Make room in the temporary directory ({dir}; TMPDIR sets it)", error.Message);
            Assert.False(Orchestrator.Core.Workflow.TransientFailures.IsTransient(error));
            Assert.True(File.Exists("/dev/full"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
