using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Staging;

/// <summary>A write-only stream that digests the COPY bytes written to it, reports rows and progress, and passes them on.</summary>
public sealed class DigestingStream(Stream inner, IRowStreamDigester digester, Action<long> rowsDone) : WriteOnlyStream
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        var before = digester.Digest.Rows;
        digester.Append(buffer.Span);
        await inner.WriteAsync(buffer, ct);
        rowsDone(digester.Digest.Rows - before);
        Activities.ActivityPulse.Beat();
    }
}
