using System.Data.Common;
using System.IO.Hashing;
using System.Text;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// One side's result of a query, in bounded memory: a 64-bit hash per row of its canonical text (so millions of
/// rows compare in a few megabytes), and the text itself of the first rows, to show where results differ.
/// </summary>
public sealed class ResultSet
{
    public const int KeptRows = 10_000;
    const char Separator = '\u001f';

    readonly List<ulong> _hashes = [];
    readonly Dictionary<ulong, string> _texts = [];
    readonly List<string> _firstRows = [];

    public int Columns { get; private set; }
    public IReadOnlyList<Type> Types { get; private set; } = [];
    public int Rows => _hashes.Count;
    public IReadOnlyList<ulong> Hashes => _hashes;

    /// <summary>
    /// Reads every row, converting each value to <paramref name="targetTypes"/> (the modern side's column types) when given.
    /// </summary>
    public static async Task<ResultSet> ReadAsync(DbDataReader reader, IReadOnlyList<Type>? targetTypes, CancellationToken ct)
    {
        var set = new ResultSet { Columns = reader.FieldCount };
        set.Types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToList();
        var values = new object[reader.FieldCount];
        var row = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            row.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0) row.Append(Separator);
                row.Append(CanonicalValue.Of(values[i], targetTypes is not null && i < targetTypes.Count ? targetTypes[i] : null));
            }
            set.Add(row.ToString());
        }
        return set;
    }

    void Add(string row)
    {
        var hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(row));
        if (_hashes.Count < KeptRows)
        {
            _firstRows.Add(row);
            _texts.TryAdd(hash, row);
        }
        _hashes.Add(hash);
    }

    /// <summary>A row for people: its values in order, or its position when it is past the kept rows.</summary>
    public string Show(int index) => index < _firstRows.Count ? Readable(_firstRows[index]) : $"(row {index + 1}, not kept)";

    public string Show(ulong hash) => _texts.TryGetValue(hash, out var row) ? Readable(row) : "(a row not kept)";

    static string Readable(string row) => "(" + row.Replace(Separator.ToString(), " | ", StringComparison.Ordinal) + ")";
}
