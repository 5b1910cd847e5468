using System.Buffers.Binary;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// Reads a PostgreSQL binary COPY stream field by field with one buffer: fixed parts are parsed in place, values
/// are handed out whole (small) or in pieces (large), so a value of any size passes without being held.
/// </summary>
public sealed class CopyTupleReader(Stream input)
{
    readonly byte[] _buffer = new byte[1 << 16];
    int _start, _end;

    /// <summary>Reads and checks the header (signature, flags, extension area).</summary>
    public async ValueTask ReadHeaderAsync(CancellationToken ct)
    {
        await FillAsync(BinaryCopy.HeaderFixedLength, ct);
        if (!_buffer.AsSpan(_start, 11).SequenceEqual(BinaryCopy.Signature))
            throw new InvalidDataException("the source stream is not a binary COPY stream (bad signature)");
        var extension = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 15));
        _start += BinaryCopy.HeaderFixedLength;
        await SkipAsync(extension, ct);
    }

    /// <summary>The next tuple's field count, or -1 at the trailer (or the stream's end).</summary>
    public async ValueTask<int> ReadFieldCountAsync(CancellationToken ct)
    {
        if (!await TryFillAsync(2, ct)) return -1;
        var count = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(_start));
        _start += 2;
        return count;
    }

    /// <summary>A field's length in bytes, -1 for NULL.</summary>
    public async ValueTask<int> ReadLengthAsync(CancellationToken ct)
    {
        await FillAsync(4, ct);
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        _start += 4;
        return length;
    }

    /// <summary>A whole value into memory (callers keep this for values they must parse).</summary>
    public async ValueTask<byte[]> ReadValueAsync(int length, CancellationToken ct)
    {
        var value = new byte[length];
        var done = 0;
        while (done < length)
        {
            if (_start == _end) await FillAsync(1, ct);
            var n = Math.Min(length - done, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(value.AsSpan(done));
            _start += n;
            done += n;
        }
        return value;
    }

    /// <summary>A value in pieces of at most the buffer's size, each valid only during the callback.</summary>
    public async ValueTask ReadValueAsync(int length, Func<ReadOnlyMemory<byte>, ValueTask> piece, CancellationToken ct)
    {
        var left = length;
        while (left > 0)
        {
            if (_start == _end) await FillAsync(1, ct);
            var n = Math.Min(left, _end - _start);
            await piece(_buffer.AsMemory(_start, n));
            _start += n;
            left -= n;
        }
    }

    async ValueTask SkipAsync(int length, CancellationToken ct) => await ReadValueAsync(length, _ => ValueTask.CompletedTask, ct);

    async ValueTask FillAsync(int count, CancellationToken ct)
    {
        if (!await TryFillAsync(count, ct))
            throw new EndOfStreamException("the source stream ended in the middle of a row");
    }

    async ValueTask<bool> TryFillAsync(int count, CancellationToken ct)
    {
        if (_end - _start >= count) return true;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            var read = await input.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0) return _end == 0 ? false : throw new EndOfStreamException("the source stream ended in the middle of a row");
            _end += read;
        }
        return true;
    }
}
