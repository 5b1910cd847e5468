using System.Buffers.Binary;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Extraction;

/// <summary>
/// Splits one binary COPY stream of a table into the COPY streams of its key-range chunks: each row goes whole, as
/// its bytes, to the chunk whose range holds its key; rows of chunks not given a sink are passed over. Every sink gets
/// the stream's header and trailer, so each is a complete COPY stream of its own.
/// </summary>
public sealed class CopySplitter(int keyField, KeyRanges ranges, IReadOnlyList<CopySink?> sinks)
{
    /// <summary>
    /// A row is held whole until it is routed (its key may come after a large value), so the buffer grows to the largest
    /// row read: a table whose rows average more than this is read by key ranges, which stream values of any size.
    /// </summary>
    public const int AverageRowLimit = 64 << 10;

    byte[] _buffer = new byte[1 << 20];
    int _start, _end;
    bool _ended;

    /// <summary>Reads <paramref name="copy"/> to its end; the rows read, passed over or not.</summary>
    public async Task<long> RunAsync(Stream copy, CancellationToken ct)
    {
        while (!await HaveAsync(copy, BinaryCopy.HeaderFixedLength, ct)) { }
        if (!_buffer.AsSpan(_start, 11).SequenceEqual(BinaryCopy.Signature))
            throw new InvalidDataException("the source's COPY stream does not start with the binary COPY signature");
        var headerLength = BinaryCopy.HeaderFixedLength + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start + 15, 4));
        while (!await HaveAsync(copy, headerLength, ct)) { }
        foreach (var sink in sinks) if (sink is not null) await sink.WriteAsync(_buffer.AsMemory(_start, headerLength), ct);
        _start += headerLength;

        long rows = 0;
        while (true)
        {
            var (length, key) = Row();
            if (length == 0)
            {
                await HaveAsync(copy, _end - _start + 1, ct);
                continue;
            }
            if (length < 0) break;
            var chunk = ranges.ChunkOf(_buffer.AsSpan(_start + key.Offset, key.Length));
            if (chunk >= 0 && sinks[chunk] is { } sink) await sink.WriteAsync(_buffer.AsMemory(_start, length), ct);
            _start += length;
            rows++;
        }
        foreach (var sink in sinks)
            if (sink is not null)
            {
                await sink.WriteAsync(BinaryCopy.Trailer, ct);
                await sink.FlushAsync(ct);
            }
        return rows;
    }

    /// <summary>
    /// The next row's length in bytes and where its key lies in it; a length of 0 when the buffer does not hold the
    /// whole row yet, -1 at the trailer.
    /// </summary>
    (int Length, (int Offset, int Length) Key) Row()
    {
        var row = _buffer.AsSpan(_start, _end - _start);
        if (row.Length < 2) return (0, default);
        var fields = BinaryPrimitives.ReadInt16BigEndian(row);
        if (fields == -1) return (-1, default);
        if (keyField >= fields)
            throw new InvalidDataException($"a row of {fields} field(s) in the COPY stream, without the key's field {keyField + 1}");
        var at = 2;
        (int, int) key = default;
        for (var f = 0; f < fields; f++)
        {
            if (row.Length < at + 4) return (0, default);
            var length = BinaryPrimitives.ReadInt32BigEndian(row[at..]);
            if (f == keyField)
            {
                if (length < 0) throw new InvalidDataException("a row with a null key in the COPY stream");
                key = (at + 4, length);
            }
            at += 4 + Math.Max(length, 0);
            if (row.Length < at) return (0, default);
        }
        return (at, key);
    }

    /// <summary>
    /// Whether the buffer holds <paramref name="bytes"/> from the current row on; reads more (moving the row to the
    /// buffer's start, growing it for a row larger than it) when not. Fails when the stream ends first.
    /// </summary>
    async ValueTask<bool> HaveAsync(Stream copy, int bytes, CancellationToken ct)
    {
        if (_end - _start >= bytes) return true;
        if (_ended) throw new InvalidDataException("the source's COPY stream ended inside a row, before its trailer");
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }
        if (bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(bytes, _buffer.Length * 2));
        var read = await copy.ReadAsync(_buffer.AsMemory(_end), ct);
        if (read == 0) _ended = true;
        // Progress even while every row read belongs to a chunk already staged (a resumed read writes nothing then).
        else Activities.ActivityPulse.Beat();
        _end += read;
        return _end - _start >= bytes;
    }
}

/// <summary>One chunk's output of a <see cref="CopySplitter"/>: rows gathered into writes of 64 KiB.</summary>
public sealed class CopySink(Stream output)
{
    readonly byte[] _buffer = new byte[1 << 16];
    int _used;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (_used + data.Length > _buffer.Length)
        {
            await FlushAsync(ct);
            if (data.Length > _buffer.Length) { await output.WriteAsync(data, ct); return; }
        }
        data.Span.CopyTo(_buffer.AsSpan(_used));
        _used += data.Length;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_used == 0) return;
        await output.WriteAsync(_buffer.AsMemory(0, _used), ct);
        _used = 0;
    }
}
