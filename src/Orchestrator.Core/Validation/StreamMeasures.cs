using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Orchestrator.Core.Validation;

/// <summary>
/// The aggregates of <see cref="PostgresAggregateProbe"/> (non-null counts, min/max, exact sums, trues, total lengths),
/// measured from a binary COPY stream as it is digested, so validation reads the target once instead of twice. One
/// instance per stream; streams over parts of a table add up with <see cref="Add"/>.
/// </summary>
public sealed class StreamMeasures : ITupleObserver
{
    readonly Column?[] _byField;

    public StreamMeasures(StreamMeasurePlan plan)
    {
        _byField = new Column?[plan.Measured.Count == 0 ? 0 : plan.Measured.Max(c => c.Field) + 1];
        foreach (var c in plan.Measured) _byField[c.Field] = new Column(c);
    }

    public bool NeedsValue(int field) => (uint)field < (uint)_byField.Length && _byField[field] is { NeedsValue: true };

    public void Field(int field, int length, ReadOnlySpan<byte> value)
    {
        if ((uint)field >= (uint)_byField.Length || _byField[field] is not { } column || length < 0) return;
        column.NonNull++;
        switch (column.Measure)
        {
            case StreamMeasure.Length: column.Sum += length; break;
            case StreamMeasure.JsonbLength: column.Sum += length - 1; break;
            case StreamMeasure.Boolean: if (Width(value, length, column, 1)[0] != 0) column.Sum++; break;
            case StreamMeasure.Int2: column.Integer(BinaryPrimitives.ReadInt16BigEndian(Width(value, length, column, 2))); break;
            case StreamMeasure.Int4 or StreamMeasure.Date:
                column.Integer(BinaryPrimitives.ReadInt32BigEndian(Width(value, length, column, 4))); break;
            case StreamMeasure.Int8 or StreamMeasure.Timestamp or StreamMeasure.TimestampTz or StreamMeasure.Time:
                column.Integer(BinaryPrimitives.ReadInt64BigEndian(Width(value, length, column, 8))); break;
            case StreamMeasure.Float4: column.Float(BinaryPrimitives.ReadSingleBigEndian(Width(value, length, column, 4))); break;
            case StreamMeasure.Float8: column.Float(BinaryPrimitives.ReadDoubleBigEndian(Width(value, length, column, 8))); break;
        }
    }

    static ReadOnlySpan<byte> Width(ReadOnlySpan<byte> value, int length, Column column, int width)
    {
        if (length != width || value.Length != width) WrongWidth(length, column, width);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void WrongWidth(int length, Column column, int width) =>
        throw new InvalidDataException($"column {column.Name}: a {column.Measure} value of {length} bytes in the " +
            $"COPY stream (expected {width})");

    /// <summary>Adds another stream's measures (of other rows of the same table) to these.</summary>
    public void Add(StreamMeasures other)
    {
        for (var i = 0; i < _byField.Length; i++)
            if (_byField[i] is { } mine && other._byField[i] is { } theirs) mine.Add(theirs);
    }

    /// <summary>The measures by the probe's names and in its text forms, with the stream's row count.</summary>
    public IReadOnlyDictionary<string, string> Measures(long rows)
    {
        var measures = new Dictionary<string, string>(StringComparer.Ordinal) { ["rows"] = Text(rows) };
        foreach (var column in _byField)
        {
            if (column is null) continue;
            measures[$"{column.Name}.nonnull"] = Text(column.NonNull);
            var any = column.NonNull > 0;
            switch (column.Measure)
            {
                case StreamMeasure.Length or StreamMeasure.JsonbLength:
                    measures[$"{column.Name}.bytes"] = any ? column.Sum.ToString(CultureInfo.InvariantCulture) : "null";
                    break;
                case StreamMeasure.Boolean:
                    measures[$"{column.Name}.trues"] = column.Sum.ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    measures[$"{column.Name}.min"] = any ? Extreme(column, min: true) : "null";
                    measures[$"{column.Name}.max"] = any ? Extreme(column, min: false) : "null";
                    if (column.Measure is StreamMeasure.Int2 or StreamMeasure.Int4 or StreamMeasure.Int8)
                        measures[$"{column.Name}.sum"] = any ? column.Sum.ToString(CultureInfo.InvariantCulture) : "null";
                    break;
            }
        }
        return measures;
    }

    static string Extreme(Column column, bool min)
    {
        var whole = min ? column.Min : column.Max;
        var real = min ? column.FloatMin : column.FloatMax;
        return column.Measure switch
        {
            StreamMeasure.Float4 => PostgresTextOutput.Float4((float)real),
            StreamMeasure.Float8 => PostgresTextOutput.Float8(real),
            StreamMeasure.Timestamp => PostgresTextOutput.Timestamp(whole, withZone: false),
            StreamMeasure.TimestampTz => PostgresTextOutput.Timestamp(whole, withZone: true),
            StreamMeasure.Date => PostgresTextOutput.Date((int)whole),
            StreamMeasure.Time => PostgresTextOutput.Time(whole),
            _ => Text(whole),
        };
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    sealed class Column(MeasuredColumn measured)
    {
        public string Name => measured.Name;
        public StreamMeasure Measure => measured.Measure;
        public bool NeedsValue { get; } = measured.Measure is not (StreamMeasure.Length or StreamMeasure.JsonbLength);
        public long NonNull;
        public Int128 Sum;   // integers, lengths, trues: exact for any row count a table can have
        public long Min = long.MaxValue, Max = long.MinValue;
        public double FloatMin = double.NaN, FloatMax = double.NaN;

        public void Integer(long value)
        {
            Sum += value;
            if (value < Min) Min = value;
            if (value > Max) Max = value;
        }

        // PostgreSQL orders NaN above every number and keeps the later of two equal values (float8smaller/larger),
        // which only shows for 0 and -0.
        public void Float(double value)
        {
            if (NonNull == 1 || FloatOrder(FloatMin, value) >= 0) FloatMin = value;
            if (NonNull == 1 || FloatOrder(FloatMax, value) <= 0) FloatMax = value;
        }

        public void Add(Column other)
        {
            if (other.NonNull == 0) return;
            if (NonNull == 0) { (FloatMin, FloatMax) = (other.FloatMin, other.FloatMax); }
            else
            {
                if (FloatOrder(other.FloatMin, FloatMin) < 0) FloatMin = other.FloatMin;
                if (FloatOrder(other.FloatMax, FloatMax) > 0) FloatMax = other.FloatMax;
            }
            NonNull += other.NonNull;
            Sum += other.Sum;
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }

        static int FloatOrder(double a, double b) =>
            double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;
    }
}
