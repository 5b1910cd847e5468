using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Staging;

/// <summary>A write-only stream that digests the COPY bytes written to it, reports rows, and passes them on.</summary>
public sealed class DigestingStream(Stream inner, IRowStreamDigester digester, Action<long> rowsDone) : ForwardOnlyStream(readable: false)
{
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        var before = digester.Digest.Rows;
        digester.Append(buffer.Span);
        await inner.WriteAsync(buffer, ct);
        rowsDone(digester.Digest.Rows - before);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
}
