using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format, byte for byte what the server itself sends for the same values
/// (so the digest of what we extract equals the digest of what we read back). Values are buffered per field; large
/// values stream straight through with their length written first.
/// </summary>
public sealed class CopyRowWriter(Stream output)
{
    static readonly DateTime PgEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    const int FlushAt = 1 << 16;

    public long Rows { get; private set; }

    public void WriteHeader() => _buffer.Write(BinaryCopy.Header.Span);

    public void StartRow(int fields)
    {
        Int16((short)fields);
        Rows++;
    }

    public ValueTask EndRowAsync(CancellationToken ct) => _buffer.WrittenCount >= FlushAt ? FlushAsync(ct) : ValueTask.CompletedTask;

    public async ValueTask FinishAsync(CancellationToken ct)
    {
        Int16(-1);
        await FlushAsync(ct);
        await output.FlushAsync(ct);
    }

    /// <remarks>
    /// Checks the token itself: a pipe whose reader is gone takes writes without waiting, so without this a producer
    /// told to stop would go on encoding into nowhere.
    /// </remarks>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_buffer.WrittenCount == 0) return;
        await output.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
        Activities.ActivityPulse.Beat();
    }

    public void Null() => Int32(-1);

    public void Boolean(bool value) { Int32(1); _buffer.GetSpan(1)[0] = value ? (byte)1 : (byte)0; _buffer.Advance(1); }

    public void Int16Field(short value) { Int32(2); Int16(value); }

    public void Int32Field(int value) { Int32(4); Int32(value); }

    public void Int64Field(long value) { Int32(8); Int64(value); }

    public void Float4(float value) { Int32(4); Int32(BitConverter.SingleToInt32Bits(value)); }

    public void Float8(double value) { Int32(8); Int64(BitConverter.DoubleToInt64Bits(value)); }

    public void Text(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public void Bytes(ReadOnlySpan<byte> value) { Int32(value.Length); _buffer.Write(value); }

    /// <summary>A large value: its length first, then its bytes copied from the stream in small pieces.</summary>
    public async ValueTask BytesAsync(Stream value, long length, CancellationToken ct)
    {
        if (length > int.MaxValue) throw new InvalidDataException($"a value of {length} bytes is over PostgreSQL's 1 GB field limit");
        Int32((int)length);
        await FlushAsync(ct);
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long left = length;
            while (left > 0)
            {
                ct.ThrowIfCancellationRequested();
                var read = await value.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), ct);
                if (read == 0) throw new EndOfStreamException($"the source value ended {left} bytes before its announced length");
                await output.WriteAsync(chunk.AsMemory(0, read), ct);
                left -= read;
                Activities.ActivityPulse.Beat();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public void Uuid(Guid value)
    {
        Int32(16);
        value.TryWriteBytes(_buffer.GetSpan(16), bigEndian: true, out _);
        _buffer.Advance(16);
    }

    /// <summary>jsonb's binary form: version 1, then the text (PostgreSQL normalises it on input; validation canonicalises).</summary>
    public void Jsonb(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Int32(bytes.Length + 1);
        _buffer.GetSpan(1)[0] = 1;
        _buffer.Advance(1);
        _buffer.Write(bytes);
    }

    public void Date(DateOnly value) { Int32(4); Int32(value.DayNumber - DateOnly.FromDateTime(PgEpoch).DayNumber); }

    /// <summary>
    /// timestamp without time zone: microseconds since 2000-01-01 (ticks below a microsecond are truncated by the caller's rule).
    /// </summary>
    public void Timestamp(DateTime value) { Int32(8); Int64((value.Ticks - PgEpoch.Ticks) / 10); }

    public void TimestampTz(DateTimeOffset value) { Int32(8); Int64((value.UtcTicks - PgEpoch.Ticks) / 10); }

    public void Time(TimeSpan value) { Int32(8); Int64(value.Ticks / 10); }

    /// <summary>timetz: microseconds, then the zone as seconds west of UTC (PostgreSQL's sign convention).</summary>
    public void TimeTz(TimeSpan value, TimeSpan offset) { Int32(12); Int64(value.Ticks / 10); Int32((int)-offset.TotalSeconds); }

    public void Interval(long microseconds, int days, int months) { Int32(16); Int64(microseconds); Int32(days); Int32(months); }

    /// <summary>pgvector's binary form: dimensions (int16), unused (int16), then float4 values.</summary>
    public void Vector(ReadOnlySpan<float> values)
    {
        Int32(4 + 4 * values.Length);
        Int16((short)values.Length);
        Int16(0);
        foreach (var v in values) Int32(BitConverter.SingleToInt32Bits(v));
    }

    public void Numeric(decimal value, int? scale = null) =>
        Numeric(value.ToString(CultureInfo.InvariantCulture), scale);

    /// <summary>
    /// numeric from its decimal text (so values beyond System.Decimal, such as Oracle NUMBER(38) or SQL Server
    /// decimal(38), keep every digit): base-10000 digits, weight, sign and display scale as numeric_send writes them.
    /// "NaN", "Infinity" and "-Infinity" are accepted.
    /// </summary>
    public void Numeric(string text, int? scale = null)
    {
        var (sign, digits, weight, dscale) = PgNumeric.Parse(text, scale);
        Int32(8 + 2 * digits.Length);
        Int16((short)digits.Length);
        Int16((short)weight);
        Int16((short)sign);
        Int16((short)dscale);
        foreach (var d in digits) Int16(d);
    }

    void Int16(short value) { BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value); _buffer.Advance(2); }

    void Int32(int value) { BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value); _buffer.Advance(4); }

    void Int64(long value) { BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value); _buffer.Advance(8); }
}
