namespace Orchestrator.Core.Staging;

/// <summary>
/// A staging file whose asynchronous reads and writes run synchronously, on the caller's thread.
/// </summary>
/// <remarks>
/// Linux has no asynchronous file I/O: .NET runs each async file operation as a thread-pool work item. For a 64 KiB
/// copy to or from the page cache, that hop (a wake-up, spinning, a context switch) costs more CPU than the copy
/// (synchronous, a 2M-row run's migrator CPU fell from 5.1 to 4.2 s). Staging files are written and read whole, in
/// order, so nothing waits on them for long.
/// </remarks>
public sealed class PageCacheFile(FileStream file) : Stream
{
    public override bool CanRead => file.CanRead;
    public override bool CanWrite => file.CanWrite;
    public override bool CanSeek => file.CanSeek;
    public override long Length => file.Length;
    public override long Position { get => file.Position; set => file.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
    public override void SetLength(long value) => file.SetLength(value);
    public override void Flush() => file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => file.Read(buffer);
    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(file.Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        file.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override Task FlushAsync(CancellationToken ct)
    {
        file.Flush();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        file.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) file.Dispose();
        base.Dispose(disposing);
    }
}
