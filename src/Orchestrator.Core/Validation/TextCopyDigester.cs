using System.IO.Hashing;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Validation;

/// <summary>
/// The digest of a text-format COPY stream: one tuple per line (COPY escapes newlines inside values). Used for
/// tables whose binary form embeds database-specific type OIDs (composites, arrays of user-defined types).
/// </summary>
public sealed class TextCopyDigester : IRowStreamDigester
{
    readonly XxHash128 _line = new();
    bool _open;
    RowSetDigest _digest;

    public RowSetDigest Digest => _digest;
    public long Bytes { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        Bytes += data.Length;
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            if (end < 0) { _line.Append(data); _open = true; return; }
            _line.Append(data[..end]);
            _digest = _digest.Add(_line.GetCurrentHashAsUInt128());
            _line.Reset();
            _open = false;
            data = data[(end + 1)..];
        }
    }

    public RowSetDigest Finish()
    {
        if (_open) throw new InvalidDataException($"truncated COPY text stream: the last line after {_digest.Rows} rows has no end");
        return _digest;
    }
}

/// <summary>Reads a COPY stream as it passes and digests its tuples.</summary>
public interface IRowStreamDigester
{
    RowSetDigest Digest { get; }
    long Bytes { get; }
    void Append(ReadOnlySpan<byte> data);
    RowSetDigest Finish();
}

public static class CopyFormats
{
    /// <summary>The digester of a COPY format; measures see binary fields only (text reads are not measured).</summary>
    public static IRowStreamDigester Digester(CopyFormat format, StreamMeasures? measures = null) => format switch
    {
        CopyFormat.Binary => new CopyStreamDigester(measures),
        CopyFormat.Text => new TextCopyDigester(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown COPY format"),
    };
}
