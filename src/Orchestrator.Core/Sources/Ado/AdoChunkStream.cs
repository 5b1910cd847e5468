using System.IO.Pipelines;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>
/// Turns rows read from an ADO.NET source into the binary COPY stream the rest of the pipeline consumes: a producer
/// writes encoded rows into a pipe whose buffer is bounded (the producer waits when the consumer is slow), and the
/// consumer reads the other end as a plain Stream. Disposing the stream stops the producer and releases the source.
/// </summary>
public static class AdoChunkStream
{
    const long PauseAt = 4 << 20, ResumeAt = 1 << 20;

    /// <param name="produce">Writes the header, every row and the trailer; owns and disposes its reader and connection.</param>
    public static Stream Start(Func<CopyRowWriter, CancellationToken, Task> produce, CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseAt, resumeWriterThreshold: ResumeAt));
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
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
        return new ProducerStream(pipe.Reader.AsStream(), stop, producer);
    }

    sealed class ProducerStream(Stream inner, CancellationTokenSource stop, Task producer) : Staging.ForwardOnlyStream(readable: true)
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.ReadAsync(buffer, offset, count, ct);

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
            stop.Cancel();
            await inner.DisposeAsync();
            try { await producer; } catch (OperationCanceledException) { }
            stop.Dispose();
        }
    }
}
