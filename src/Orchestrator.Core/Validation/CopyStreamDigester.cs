using System.Buffers.Binary;
using System.IO.Hashing;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Reads a PostgreSQL binary COPY stream as it passes (in buffers of any size) and hashes each tuple's bytes into a
/// <see cref="RowSetDigest"/>. It also checks the framing, so a truncated or corrupted stream is detected. A tuple is
/// hashed as one span when it lies within one buffer (the common case), in pieces only where buffers split it.
/// An optional <see cref="ITupleObserver"/> sees every field on the way (its length, and the bytes of the fixed-width
/// values it asks for) and every tuple's hash, so one read of a table can both digest and measure it.
/// </summary>
public sealed class CopyStreamDigester(ITupleObserver? measures = null) : IRowStreamDigester
{

    enum State { Header, HeaderExtension, FieldCount, FieldLength, FieldData, Trailer }

    readonly XxHash128 _tuple = new();
    readonly byte[] _small = new byte[BinaryCopy.HeaderFixedLength];
    int _smallFilled;
    State _state = State.Header;
    long _remaining;      // bytes left in the header extension or the current field
    int _fieldsLeft;
    bool _inTuple;
    bool _pieces;         // the tuple began in an earlier buffer: its first bytes are in _tuple's state
    RowSetDigest _digest;
    int _fields;          // in the current tuple
    // A fixed-width value the measures need, while buffers split it.
    readonly byte[] _value = new byte[16];
    int _valueField = -1, _valueLength, _valueFilled;

    public RowSetDigest Digest => _digest;
    public long Bytes { get; private set; }
    public bool Complete => _state == State.Trailer;

    public void Append(ReadOnlySpan<byte> data)
    {
        Bytes += data.Length;
        var pos = 0;
        var tupleFrom = _inTuple ? 0 : -1; // a tuple open from the last buffer continues at this one's start
        while (pos < data.Length)
        {
            switch (_state)
            {
                case State.Header:
                    if (!Fill(data, ref pos, BinaryCopy.HeaderFixedLength)) return;
                    if (!_small.AsSpan(0, 11).SequenceEqual(BinaryCopy.Signature))
                        throw new InvalidDataException("not a PostgreSQL binary COPY stream (bad signature)");
                    _remaining = BinaryPrimitives.ReadInt32BigEndian(_small.AsSpan(15, 4));
                    _state = State.HeaderExtension;
                    break;
                case State.HeaderExtension:
                    Skip(data, ref pos);
                    if (_remaining == 0) _state = State.FieldCount;
                    break;
                case State.FieldCount:
                    var straddled = _smallFilled > 0;
                    if (!Fill(data, ref pos, 2)) return;
                    var count = BinaryPrimitives.ReadInt16BigEndian(_small);
                    if (count == -1) { _state = State.Trailer; break; }
                    if (count < 0) throw new InvalidDataException($"corrupt COPY stream: field count {count}");
                    _inTuple = true;
                    // Its first byte came with the last buffer, which is already behind us: hash the count here.
                    if (straddled) { StartPieces(); _tuple.Append(_small.AsSpan(0, 2)); tupleFrom = pos; }
                    else { _pieces = false; tupleFrom = pos - 2; }
                    _fieldsLeft = _fields = count;
                    if (count == 0) EndTuple(data, ref tupleFrom, pos); else _state = State.FieldLength;
                    break;
                case State.FieldLength:
                    int length;
                    if (_smallFilled == 0 && data.Length - pos >= 4)
                    {
                        length = BinaryPrimitives.ReadInt32BigEndian(data.Slice(pos, 4));
                        pos += 4;
                    }
                    else if (Fill(data, ref pos, 4)) length = BinaryPrimitives.ReadInt32BigEndian(_small);
                    else break;
                    if (length < -1) throw new InvalidDataException($"corrupt COPY stream: field length {length}");
                    if (measures is not null) Measure(data[pos..], length);
                    _remaining = Math.Max(length, 0);
                    if (_remaining == 0) EndField(data, ref tupleFrom, pos); else _state = State.FieldData;
                    break;
                case State.FieldData:
                    if (_valueField >= 0) Gather(data[pos..]);
                    Skip(data, ref pos);
                    if (_remaining == 0) EndField(data, ref tupleFrom, pos);
                    break;
                case State.Trailer:
                    throw new InvalidDataException("corrupt COPY stream: data after the end-of-data marker");
            }
        }
        if (_inTuple && tupleFrom >= 0)
        {
            if (!_pieces) StartPieces();
            _tuple.Append(data[tupleFrom..]);
        }
    }

    /// <summary>Throws unless the stream ended exactly at its end-of-data marker.</summary>
    public RowSetDigest Finish()
    {
        if (!Complete)
            throw new InvalidDataException($"truncated COPY stream: ended after {_digest.Rows} rows without its end-of-data marker");
        return _digest;
    }

    // Hands the measures a field as its length is read: its value too when they need it and it is in this buffer,
    // else once it is gathered from the next ones. A value too long to be fixed-width goes without its bytes: the
    // measures name its column and the width they expected.
    void Measure(ReadOnlySpan<byte> rest, int length)
    {
        var field = _fields - _fieldsLeft;
        if (length <= 0 || length > _value.Length || !measures!.NeedsValue(field)) { measures!.Field(field, length, default); return; }
        if (rest.Length >= length) { measures.Field(field, length, rest[..length]); return; }
        (_valueField, _valueLength, _valueFilled) = (field, length, 0);
    }

    void Gather(ReadOnlySpan<byte> data)
    {
        var take = Math.Min(_valueLength - _valueFilled, data.Length);
        data[..take].CopyTo(_value.AsSpan(_valueFilled));
        _valueFilled += take;
        if (_valueFilled < _valueLength) return;
        measures!.Field(_valueField, _valueLength, _value.AsSpan(0, _valueLength));
        _valueField = -1;
    }

    void EndField(ReadOnlySpan<byte> data, ref int tupleFrom, int pos)
    {
        if (--_fieldsLeft == 0) EndTuple(data, ref tupleFrom, pos); else _state = State.FieldLength;
    }

    void StartPieces()
    {
        _tuple.Reset();
        _pieces = true;
    }

    void EndTuple(ReadOnlySpan<byte> data, ref int tupleFrom, int pos)
    {
        // One-shot hashing of a tuple that lies in one buffer gives the same value as hashing it in pieces, at a fraction of the calls.
        UInt128 hash;
        if (_pieces)
        {
            _tuple.Append(data[tupleFrom..pos]);
            hash = _tuple.GetCurrentHashAsUInt128();
        }
        else hash = XxHash128.HashToUInt128(data[tupleFrom..pos]);
        _digest = _digest.Add(hash);
        measures?.Tuple(hash);
        _inTuple = false;
        tupleFrom = -1;
        _state = State.FieldCount;
    }

    // Gathers a fixed-size item that may straddle buffers.
    bool Fill(ReadOnlySpan<byte> data, ref int pos, int size)
    {
        var take = Math.Min(size - _smallFilled, data.Length - pos);
        data.Slice(pos, take).CopyTo(_small.AsSpan(_smallFilled));
        _smallFilled += take;
        pos += take;
        if (_smallFilled < size) return false;
        _smallFilled = 0;
        return true;
    }

    void Skip(ReadOnlySpan<byte> data, ref int pos)
    {
        var take = (int)Math.Min(_remaining, data.Length - pos);
        _remaining -= take;
        pos += take;
    }
}
