using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Assessment.Profiles;

/// <summary>
/// One aggregate query per table that profiles all its columns in a single pass: each dialect adds its expressions
/// per column and measure, this names them m0, m1, ... and turns the one result row into column profiles.
/// </summary>
public sealed class ProfileQuery
{
    readonly List<(string Column, ProfileMeasure Measure, string Expression)> _slots = [];
    readonly Dictionary<string, string> _sourceTypes = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _lengthOf = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Column, ProfileMeasure Measure, string Expression)> Slots => _slots;

    public ProfileQuery Column(string column, string sourceType)
    {
        _sourceTypes[column] = sourceType;
        return this;
    }

    public ProfileQuery Add(string column, ProfileMeasure measure, string expression)
    {
        _slots.Add((column, measure, expression));
        return this;
    }

    /// <summary>Says what MinLength/MaxLength count for a column: "bytes", "array elements" or "json array elements".</summary>
    public ProfileQuery Lengths(string column, string lengthOf, string measured, string length)
    {
        _lengthOf[column] = lengthOf;
        return Add(column, ProfileMeasure.Measured, measured).Add(column, ProfileMeasure.MinLength, $"min({length})")
            .Add(column, ProfileMeasure.MaxLength, $"max({length})");
    }

    public string Sql(string from)
    {
        var sql = new StringBuilder("SELECT count(*) AS m_rows");
        for (var i = 0; i < _slots.Count; i++) sql.Append(CultureInfo.InvariantCulture, $",\n  {_slots[i].Expression} AS m{i}");
        return sql.Append("\nFROM ").Append(from).ToString();
    }

    /// <summary>The profiles from the query's single row (column m_rows first, then m0, m1, ...).</summary>
    public IReadOnlyList<ColumnProfile> Read(DbDataReader row, string basis)
    {
        var values = new Dictionary<(string, ProfileMeasure), double?>();
        for (var i = 0; i < _slots.Count; i++)
            values[(_slots[i].Column, _slots[i].Measure)] = row.IsDBNull(i + 1) ? null
                : Convert.ToDouble(row.GetValue(i + 1), CultureInfo.InvariantCulture);
        return _sourceTypes.Select(c => Profile(c.Key, c.Value, k => values.GetValueOrDefault((c.Key, k)), basis)).ToList();
    }

    ColumnProfile Profile(string column, string sourceType, Func<ProfileMeasure, double?> v, string basis)
    {
        var nonNull = (long?)v(ProfileMeasure.NonNull);
        var (min, max, measured) = (v(ProfileMeasure.MinLength), v(ProfileMeasure.MaxLength), v(ProfileMeasure.Measured));
        var constant = nonNull > 0 && measured == nonNull && min is { } lo && lo == max ? (int?)lo : null;
        var (json, xml) = (v(ProfileMeasure.JsonLike), v(ProfileMeasure.XmlLike));
        string? kind = json is null && xml is null || nonNull is not > 0 ? null : (json ?? 0) >= (xml ?? 0) ? "json" : "xml";
        var notBigint = v(ProfileMeasure.NotBigint);
        return new ColumnProfile
        {
            Column = column,
            SourceType = sourceType,
            NonNull = nonNull,
            AvgBytes = v(ProfileMeasure.AvgBytes),
            MaxBytes = (long?)v(ProfileMeasure.MaxBytes),
            ConstantLength = constant,
            LengthOf = constant is null ? null : _lengthOf.GetValueOrDefault(column),
            IntegerOnly = notBigint is null || nonNull is not > 0 ? null : notBigint == 0,
            Correlation = v(ProfileMeasure.Correlation),
            SpanDays = v(ProfileMeasure.SpanDays),
            DocumentKind = kind,
            DocumentShare = kind is null ? null : Math.Max(json ?? 0, xml ?? 0) / nonNull!.Value,
            Basis = basis,
        };
    }
}
