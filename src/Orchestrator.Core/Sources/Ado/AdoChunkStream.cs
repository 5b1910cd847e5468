using System.IO.Pipelines;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>
/// Turns rows read from an ADO.NET source into the binary COPY stream the rest of the pipeline consumes: a producer
/// writes encoded rows into a pipe whose buffer is bounded (the producer waits when the consumer is slow), and the
/// consumer reads the other end as a plain Stream. Either end failing ends both: a producer's failure reaches the
/// reader as that failure (never as a short stream); a reader that stops (its store failed) disposes the stream, which
/// cancels the producer, completes the pipe under it, and waits a moment for it to release the source.
/// </summary>
public static class AdoChunkStream
{
    const long PauseAt = 4 << 20, ResumeAt = 1 << 20;
    /// <summary>How long closing waits for a producer stuck in a source call that ignores cancellation.</summary>
    static readonly TimeSpan ProducerGrace = TimeSpan.FromSeconds(5);

    /// <param name="produce">Writes the header, every row and the trailer; owns and disposes its reader and connection.</param>
    public static Stream Start(Func<CopyRowWriter, CancellationToken, Task> produce, CancellationToken ct)
        => Start(produce, ProducerGrace, ct);

    internal static Stream Start(Func<CopyRowWriter, CancellationToken, Task> produce, TimeSpan grace, CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: ResumeAt));
#pragma warning disable CA2000 // the returned ProducerStream owns it: closing cancels the producer, then disposes it
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
#pragma warning restore CA2000
        var producer = Task.Run(async () =>
        {
            try
            {
                await using var sink = pipe.Writer.AsStream(leaveOpen: true);
                var writer = new CopyRowWriter(sink);
                writer.WriteHeader();
                await produce(writer, stop.Token);
                await writer.FinishAsync(stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                // The reader sees the failure (not a silently short stream), with the source's message.
                await pipe.Writer.CompleteAsync(e);
            }
        }, CancellationToken.None);
        return new ProducerStream(pipe.Reader.AsStream(), stop, producer, grace);
    }

    sealed class ProducerStream(Stream inner, CancellationTokenSource stop, Task producer, TimeSpan grace)
        : Staging.ForwardOnlyStream(readable: true)
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
            => inner.ReadAsync(buffer, offset, count, ct);

        int _disposed;

        public override async ValueTask DisposeAsync()
        {
            await CloseAsync();
            GC.SuppressFinalize(this);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) CloseAsync().AsTask().GetAwaiter().GetResult();
        }

        async ValueTask CloseAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            await stop.CancelAsync();
            await inner.DisposeAsync(); // completes the reader: a producer held back by the full pipe is released
            // The producer never fails (it hands its failure to the pipe). One stuck in a source call that ignores
            // cancellation is left to end on its own, so the failure that brought us here is reported now.
            try
            {
                await producer.WaitAsync(grace);
                stop.Dispose();
            }
            catch (TimeoutException) { }
        }
    }
}
