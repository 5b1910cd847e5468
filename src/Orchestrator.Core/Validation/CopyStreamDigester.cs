using System.Buffers.Binary;
using System.IO.Hashing;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Reads a PostgreSQL binary COPY stream as it passes (in buffers of any size) and hashes each tuple's bytes into a
/// <see cref="RowSetDigest"/>. It also checks the framing, so a truncated or corrupted stream is detected.
/// </summary>
public sealed class CopyStreamDigester : IRowStreamDigester
{
    static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    const int HeaderFixedLength = 19; // signature 11, flags 4, extension length 4

    enum State { Header, HeaderExtension, FieldCount, FieldLength, FieldData, Trailer }

    readonly XxHash128 _tuple = new();
    readonly byte[] _small = new byte[HeaderFixedLength];
    int _smallFilled;
    State _state = State.Header;
    long _remaining;      // bytes left in the header extension or the current field
    int _fieldsLeft;
    RowSetDigest _digest;

    public RowSetDigest Digest => _digest;
    public long Bytes { get; private set; }
    public bool Complete => _state == State.Trailer;

    public void Append(ReadOnlySpan<byte> data)
    {
        Bytes += data.Length;
        while (!data.IsEmpty)
        {
            switch (_state)
            {
                case State.Header:
                    if (!Fill(ref data, HeaderFixedLength)) return;
                    if (!_small.AsSpan(0, 11).SequenceEqual(Signature))
                        throw new InvalidDataException("not a PostgreSQL binary COPY stream (bad signature)");
                    _remaining = BinaryPrimitives.ReadInt32BigEndian(_small.AsSpan(15, 4));
                    _state = State.HeaderExtension;
                    break;
                case State.HeaderExtension:
                    data = Skip(data);
                    if (_remaining == 0) _state = State.FieldCount;
                    break;
                case State.FieldCount:
                    if (!Fill(ref data, 2)) return;
                    var count = BinaryPrimitives.ReadInt16BigEndian(_small);
                    if (count == -1) { _state = State.Trailer; break; }
                    if (count < 0) throw new InvalidDataException($"corrupt COPY stream: field count {count}");
                    _tuple.Reset();
                    _tuple.Append(_small.AsSpan(0, 2));
                    _fieldsLeft = count;
                    if (count == 0) EndTuple(); else _state = State.FieldLength;
                    break;
                case State.FieldLength:
                    if (!Fill(ref data, 4)) return;
                    _tuple.Append(_small.AsSpan(0, 4));
                    var length = BinaryPrimitives.ReadInt32BigEndian(_small);
                    if (length < -1) throw new InvalidDataException($"corrupt COPY stream: field length {length}");
                    _remaining = Math.Max(length, 0);
                    if (_remaining == 0) EndField(); else _state = State.FieldData;
                    break;
                case State.FieldData:
                    var take = (int)Math.Min(_remaining, data.Length);
                    _tuple.Append(data[..take]);
                    data = data[take..];
                    _remaining -= take;
                    if (_remaining == 0) EndField();
                    break;
                case State.Trailer:
                    throw new InvalidDataException("corrupt COPY stream: data after the end-of-data marker");
            }
        }
    }

    /// <summary>Throws unless the stream ended exactly at its end-of-data marker.</summary>
    public RowSetDigest Finish()
    {
        if (!Complete)
            throw new InvalidDataException($"truncated COPY stream: ended after {_digest.Rows} rows without its end-of-data marker");
        return _digest;
    }

    void EndField()
    {
        if (--_fieldsLeft == 0) EndTuple(); else _state = State.FieldLength;
    }

    void EndTuple()
    {
        _digest = _digest.Add(_tuple.GetCurrentHashAsUInt128());
        _state = State.FieldCount;
    }

    // Gathers a fixed-size item that may straddle buffers.
    bool Fill(ref ReadOnlySpan<byte> data, int size)
    {
        var take = Math.Min(size - _smallFilled, data.Length);
        data[..take].CopyTo(_small.AsSpan(_smallFilled));
        _smallFilled += take;
        data = data[take..];
        if (_smallFilled < size) return false;
        _smallFilled = 0;
        return true;
    }

    ReadOnlySpan<byte> Skip(ReadOnlySpan<byte> data)
    {
        var take = (int)Math.Min(_remaining, data.Length);
        _remaining -= take;
        return data[take..];
    }
}
