using System.Buffers.Binary;
using System.IO.Hashing;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Reads a COPY stream as it passes, in buffers of any size, and hands on each row's key and column hashes. Values
/// are hashed piece by piece, so a large (TOASTed) value is never held; only key fields are kept.
/// </summary>
public abstract class RowHasher(IReadOnlyList<int> keyFields, int columns, Action<SeenRow> onRow)
{
    readonly XxHash3 _hash = new();
    readonly MemoryStream[] _keyParts = keyFields.Select(_ => new MemoryStream()).ToArray();
    ulong[] _columns = new ulong[columns];
    int _field;
    int _keyPart = -1;

    public long Rows { get; private set; }

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>Throws unless the stream ended at a row's end.</summary>
    public abstract void Finish();

    public static RowHasher For(CopyFormat format, IReadOnlyList<int> keyFields, int columns, Action<SeenRow> onRow) => format switch
    {
        CopyFormat.Binary => new CopyRowHasher(keyFields, columns, onRow),
        CopyFormat.Text => new TextRowHasher(keyFields, columns, onRow),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown COPY format"),
    };

    protected int Field => _field;
    protected int ColumnCount => _columns.Length;

    protected void StartRow(int fields)
    {
        if (fields != _columns.Length)
            throw new InvalidDataException($"a row has {fields} fields, the comparison reads {_columns.Length} columns");
        _field = 0;
        foreach (var part in _keyParts) part.SetLength(0);
    }

    /// <summary>Opens a field; <paramref name="prefix"/> (binary: its length) is hashed and kept with a key field.</summary>
    protected void StartField(ReadOnlySpan<byte> prefix)
    {
        _hash.Reset();
        _hash.Append(prefix);
        _keyPart = -1;
        for (var i = 0; i < keyFields.Count; i++) if (keyFields[i] == _field) _keyPart = i;
        if (_keyPart >= 0) _keyParts[_keyPart].Write(prefix);
    }

    protected void FieldBytes(ReadOnlySpan<byte> piece)
    {
        _hash.Append(piece);
        if (_keyPart >= 0) _keyParts[_keyPart].Write(piece);
    }

    /// <summary>Closes the field; true when it was the row's last.</summary>
    protected bool EndField()
    {
        _columns[_field++] = _hash.GetCurrentHashAsUInt64();
        return _field == _columns.Length;
    }

    protected void EndRow(ReadOnlySpan<byte> keySeparator)
    {
        var key = new MemoryStream();
        for (var i = 0; i < _keyParts.Length; i++)
        {
            if (i > 0) key.Write(keySeparator);
            key.Write(_keyParts[i].GetBuffer().AsSpan(0, (int)_keyParts[i].Length));
        }
        Rows++;
        onRow(new SeenRow(new RowKey(key.ToArray()), _columns));
        _columns = new ulong[_columns.Length];
    }
}

/// <summary>Binary COPY: header, then per row a field count and per field a length (-1 for NULL) and its bytes.</summary>
public sealed class CopyRowHasher(IReadOnlyList<int> keyFields, int columns, Action<SeenRow> onRow) : RowHasher(keyFields, columns, onRow)
{
    static ReadOnlySpan<byte> Signature
        => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    enum State { Header, Extension, FieldCount, FieldLength, FieldData, Trailer }

    readonly byte[] _small = new byte[19];
    int _filled;
    State _state = State.Header;
    long _remaining;

    public override void Append(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            switch (_state)
            {
                case State.Header:
                    if (!Fill(data, ref pos, 19)) return;
                    if (!_small.AsSpan(0, 11).SequenceEqual(Signature))
                        throw new InvalidDataException("not a PostgreSQL binary COPY stream (bad signature)");
                    _remaining = BinaryPrimitives.ReadInt32BigEndian(_small.AsSpan(15));
                    _state = _remaining == 0 ? State.FieldCount : State.Extension;
                    break;
                case State.Extension:
                    var skip = (int)Math.Min(_remaining, data.Length - pos);
                    (pos, _remaining) = (pos + skip, _remaining - skip);
                    if (_remaining == 0) _state = State.FieldCount;
                    break;
                case State.FieldCount:
                    if (!Fill(data, ref pos, 2)) return;
                    var count = BinaryPrimitives.ReadInt16BigEndian(_small);
                    if (count == -1) { _state = State.Trailer; break; }
                    StartRow(count);
                    if (count == 0) EndRow([]); else _state = State.FieldLength;
                    break;
                case State.FieldLength:
                    if (!Fill(data, ref pos, 4)) return;
                    var length = BinaryPrimitives.ReadInt32BigEndian(_small);
                    if (length < -1) throw new InvalidDataException($"corrupt COPY stream: field length {length}");
                    StartField(_small.AsSpan(0, 4));
                    _remaining = Math.Max(length, 0);
                    if (_remaining == 0) Next(); else _state = State.FieldData;
                    break;
                case State.FieldData:
                    var take = (int)Math.Min(_remaining, data.Length - pos);
                    FieldBytes(data.Slice(pos, take));
                    (pos, _remaining) = (pos + take, _remaining - take);
                    if (_remaining == 0) Next();
                    break;
                case State.Trailer:
                    throw new InvalidDataException("corrupt COPY stream: data after the end-of-data marker");
            }
        }
    }

    public override void Finish()
    {
        if (_state != State.Trailer)
            throw new InvalidDataException($"truncated COPY stream: ended after {Rows} rows without its end-of-data marker");
    }

    void Next()
    {
        if (!EndField()) { _state = State.FieldLength; return; }
        EndRow([]);
        _state = State.FieldCount;
    }

    bool Fill(ReadOnlySpan<byte> data, ref int pos, int size)
    {
        var take = Math.Min(size - _filled, data.Length - pos);
        data.Slice(pos, take).CopyTo(_small.AsSpan(_filled));
        (_filled, pos) = (_filled + take, pos + take);
        if (_filled < size) return false;
        _filled = 0;
        return true;
    }
}

/// <summary>Text COPY: a row per line, fields split by tabs (COPY escapes tabs and newlines inside values).</summary>
public sealed class TextRowHasher(IReadOnlyList<int> keyFields, int columns, Action<SeenRow> onRow) : RowHasher(keyFields, columns, onRow)
{
    bool _inRow;

    public override void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (!_inRow) { StartRow(ColumnCount); StartField([]); _inRow = true; }
            var end = data.IndexOfAny((byte)'\t', (byte)'\n');
            if (end < 0) { FieldBytes(data); return; }
            FieldBytes(data[..end]);
            var last = EndField();
            if (data[end] == (byte)'\n')
            {
                if (!last) throw new InvalidDataException($"a text COPY row has {Field} fields, the comparison reads {ColumnCount}");
                EndRow("\t"u8);
                _inRow = false;
            }
            else if (last) throw new InvalidDataException($"a text COPY row has more than {ColumnCount} fields");
            else StartField([]);
            data = data[(end + 1)..];
        }
    }

    public override void Finish()
    {
        if (_inRow) throw new InvalidDataException($"truncated COPY text stream: the last line after {Rows} rows has no end");
    }
}
