using System.Collections;
using System.Data.Common;

namespace Orchestrator.Tests.Sources;

/// <summary>
/// Rows in memory behind the rules SqlDataReader keeps under CommandBehavior.SequentialAccess: columns are read in
/// ascending order and each value at most once (IsDBNull may look ahead; GetChars/GetBytes may continue the column
/// they started). Typed getters demand the exact CLR type the provider returns, as SqlDataReader does. Breaking a
/// rule throws the provider's own wording, so an encoder that passes here reads a real server's stream the same way.
/// </summary>
sealed class SequentialAccessReader(IReadOnlyList<Type> types, IReadOnlyList<object?[]> rows) : DbDataReader
{
    int _row = -1;
    int _consumed = -1;
    int _continuable = -1;

    /// <summary>Every ordinal whose value was read, in the order read (all rows).</summary>
    public List<int> Reads { get; } = [];

    public override bool Read()
    {
        _row++;
        (_consumed, _continuable) = (-1, -1);
        return _row < rows.Count;
    }

    object? Cell(int ordinal) => rows[_row][ordinal] is DBNull ? null : rows[_row][ordinal];

    void Guard(int ordinal)
    {
        if (ordinal <= _consumed)
            throw new InvalidOperationException(
                $"Invalid attempt to read from column ordinal '{ordinal}'. With CommandBehavior.SequentialAccess, " +
                $"you may only read from column ordinal '{_consumed + 1}' or greater.");
    }

    object? Take(int ordinal, bool continuable = false)
    {
        if (!(continuable && ordinal == _continuable))
        {
            Guard(ordinal);
            (_consumed, _continuable) = (ordinal, continuable ? ordinal : -1);
            Reads.Add(ordinal);
        }
        return Cell(ordinal);
    }

    object Consume(int ordinal, bool continuable = false) => Take(ordinal, continuable)
        ?? throw new InvalidCastException($"Data is Null. This method or property cannot be called on Null values (column {ordinal}).");

    T As<T>(int ordinal) => Consume(ordinal) is T value ? value
        : throw new InvalidCastException($"column {ordinal} holds {Cell(ordinal)!.GetType().Name}, not {typeof(T).Name}");

    public override bool IsDBNull(int ordinal)
    {
        Guard(ordinal);
        return Cell(ordinal) is null;
    }

    public override object GetValue(int ordinal) => Take(ordinal) ?? DBNull.Value;
    public override bool GetBoolean(int ordinal) => As<bool>(ordinal);
    public override byte GetByte(int ordinal) => As<byte>(ordinal);
    public override short GetInt16(int ordinal) => As<short>(ordinal);
    public override int GetInt32(int ordinal) => As<int>(ordinal);
    public override long GetInt64(int ordinal) => As<long>(ordinal);
    public override float GetFloat(int ordinal) => As<float>(ordinal);
    public override double GetDouble(int ordinal) => As<double>(ordinal);
    public override decimal GetDecimal(int ordinal) => As<decimal>(ordinal);
    public override DateTime GetDateTime(int ordinal) => As<DateTime>(ordinal);
    public override Guid GetGuid(int ordinal) => As<Guid>(ordinal);
    public override string GetString(int ordinal) => As<string>(ordinal);
    public override char GetChar(int ordinal) => As<char>(ordinal);
    public override T GetFieldValue<T>(int ordinal) => As<T>(ordinal);
    public override Stream GetStream(int ordinal) => new MemoryStream(As<byte[]>(ordinal), writable: false);
    public override TextReader GetTextReader(int ordinal) => new StringReader(As<string>(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var value = (byte[])Consume(ordinal, continuable: true);
        if (buffer is null) return value.Length;
        var count = (int)Math.Max(0, Math.Min(length, value.Length - dataOffset));
        Array.Copy(value, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var value = (string)Consume(ordinal, continuable: true);
        if (buffer is null) return value.Length;
        var count = (int)Math.Max(0, Math.Min(length, value.Length - dataOffset));
        value.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override int GetValues(object[] values) =>
        throw new NotSupportedException("GetValues reads every column: not under SequentialAccess");
    public override int FieldCount => types.Count;
    public override Type GetFieldType(int ordinal) => types[ordinal];
    public override string GetDataTypeName(int ordinal) => types[ordinal].Name;
    public override string GetName(int ordinal) => "c" + ordinal;
    public override int GetOrdinal(string name) => int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override bool HasRows => rows.Count > 0;
    public override bool IsClosed => false;
    public override int RecordsAffected => -1;
    public override int Depth => 0;
    public override bool NextResult() => false;
    public override IEnumerator GetEnumerator() => throw new NotSupportedException();
}
