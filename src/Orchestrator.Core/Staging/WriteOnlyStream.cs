namespace Orchestrator.Core.Staging;

/// <summary>
/// Base of the write-only adapters whose work is asynchronous: the array and synchronous overloads go through
/// WriteAsync(ReadOnlyMemory), and <see cref="CloseAsync"/> (commit, rename) runs once, from Dispose or DisposeAsync.
/// </summary>
public abstract class WriteOnlyStream() : ForwardOnlyStream(readable: false)
{
    bool _closed;

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default);
    public override void Write(byte[] buffer, int offset, int count)
        => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>What closing the stream does; nothing unless overridden.</summary>
    protected virtual ValueTask CloseAsync() => ValueTask.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        if (_closed) return;
        _closed = true;
        await CloseAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}
