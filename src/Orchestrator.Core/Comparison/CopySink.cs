using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Comparison;

/// <summary>A write-only stream that hands each buffer written to it to a reader of COPY bytes (a digester, a row hasher).</summary>
public sealed class CopySink(CopySink.Reader reader) : WriteOnlyStream
{
    public delegate void Reader(ReadOnlySpan<byte> data);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        reader(buffer.Span);
        return ValueTask.CompletedTask;
    }
}
