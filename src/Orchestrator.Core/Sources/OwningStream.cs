using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Sources;

/// <summary>A read stream that also disposes what it depends on (the connection a COPY runs on).</summary>
sealed class OwningStream(Stream inner, IAsyncDisposable owner) : ForwardOnlyStream(readable: true)
{
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer, ct);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => inner.ReadAsync(buffer, offset, count, ct);

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await owner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }
}
