using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment.AiMl;

/// <summary>
/// Reads a table's column profiles for AI/ML shapes: embeddings, model artifacts, time series, documents, and
/// personal data by column name. Each finding is the spec rule that would act on it.
/// </summary>
public static class AiMlDetector
{
    public static IReadOnlyList<SpecRuleSuggestion> Detect(TableInfo table, long rows, IReadOnlyList<ColumnProfile> profiles,
        AiMlThresholds? thresholds = null)
    {
        var t = thresholds ?? AiMlThresholds.Default;
        var name = table.Name.ToString();
        var found = new List<SpecRuleSuggestion>();
        var profileOf = profiles.ToDictionary(p => p.Column);
        foreach (var column in table.Columns)
        {
            if (profileOf.GetValueOrDefault(column.Name) is { } p)
            {
                // Megabytes of constant length are weights of a fixed-size model, not an embedding.
                if (Artifact(name, column, p, t) is { } artifact) found.Add(artifact);
                else if (Vector(name, column, p, t) is { } vector) found.Add(vector);
                if (Document(name, column, p, t) is { } document) found.Add(document);
            }
            if (PiiNames.IsPersonal(table.Name.Name, column.Name))
                found.Add(Suggest(SuggestionKinds.Pii, name, column.Name, new JsonObject { ["transform"] = "hash" },
                    "the column's name suggests personal data"));
        }
        if (TimeSeries(name, table, rows, profileOf, t) is { } series) found.Add(series);
        return found;
    }

    static SpecRuleSuggestion? Vector(string table, ColumnInfo column, ColumnProfile p, AiMlThresholds t)
    {
        if (p is not { ConstantLength: { } length, NonNull: > 0 }) return null;
        var (from, dimensions) = p.LengthOf switch
        {
            // Raw float32 vectors are stored little-endian by numpy's tobytes() on every common platform.
            "bytes" when column.Family == TypeFamily.Binary && length % 4 == 0 => ("float32le", length / 4),
            "array elements" => ("array", length),
            "json array elements" => ("json", length),
            _ => ("", 0),
        };
        if (dimensions < t.MinVectorDimensions || dimensions > t.MaxVectorDimensions) return null;
        var evidence = from == "float32le"
            ? $"every value is {length} bytes long (a multiple of 4: {dimensions} float32), {Basis(p)}"
            : $"every value is a numeric {(from == "json" ? "JSON array" : "array")} of {dimensions} elements, {Basis(p)}";
        return Suggest(SuggestionKinds.Vector, table, column.Name,
            new JsonObject { ["from"] = from, ["dimensions"] = dimensions, ["index"] = "hnsw", ["distance"] = "cosine" }, evidence);
    }

    static SpecRuleSuggestion? Artifact(string table, ColumnInfo column, ColumnProfile p, AiMlThresholds t)
    {
        if (column.Family != TypeFamily.Binary) return null;
        var largest = p.MaxBytes ?? (long?)p.AvgBytes;
        if (largest is not { } bytes || bytes < t.ArtifactBytes) return null;
        return Suggest(SuggestionKinds.Artifact, table, column.Name, new JsonObject { ["mode"] = "external" },
            $"binary values up to {Size(bytes)} (average {Size((long)(p.AvgBytes ?? 0))}), {Basis(p)}: large " +
            "objects belong in Blob Storage");
    }

    static SpecRuleSuggestion? Document(string table, ColumnInfo column, ColumnProfile p, AiMlThresholds t)
    {
        if (column.Family == TypeFamily.Json && column.DataType == "json")
            return Suggest(SuggestionKinds.Document, table, column.Name, new JsonObject { ["as"] = "jsonb", ["invalid"] = "reject" },
                "json text: jsonb is indexable (GIN) and faster to query");
        if (column.Family != TypeFamily.Text || p.DocumentKind is not { } kind || (p.DocumentShare ?? 0) < t.DocumentShare) return null;
        return Suggest(SuggestionKinds.Document, table, column.Name,
            new JsonObject { ["as"] = kind == "json" ? "jsonb" : "xml", ["invalid"] = "reject" },
            string.Create(CultureInfo.InvariantCulture,
                $"{p.DocumentShare * 100:F0}% of the text values look like {kind.ToUpperInvariant()} documents, {Basis(p)}"));
    }

    static SpecRuleSuggestion? TimeSeries(string table, TableInfo info, long rows,
        Dictionary<string, ColumnProfile> profiles, AiMlThresholds t)
    {
        if (rows < t.TimeSeriesRows) return null;
        var best = info.Columns
            .Where(c => c.Family == TypeFamily.Temporal
                && (c.DataType.StartsWith("timestamp", StringComparison.Ordinal) || c.DataType == "date"))
            .Select(c => (Column: c, Profile: profiles.GetValueOrDefault(c.Name)))
            .Where(x => x.Profile?.Correlation is { } r && Math.Abs(r) >= t.AppendCorrelation)
            .OrderByDescending(x => Math.Abs(x.Profile!.Correlation!.Value))
            .FirstOrDefault();
        if (best.Column is null) return null;
        var p = best.Profile!;
        var interval = Interval(rows, p.SpanDays);
        var over = p.SpanDays is { } span ? string.Create(CultureInfo.InvariantCulture, $" over {span:N0} days") : "";
        // A hypertable where the target has TimescaleDB; native partitions of the same interval where it has not.
        return Suggest(SuggestionKinds.TimeSeries, table, best.Column.Name,
            new JsonObject { ["interval"] = interval, ["engine"] = "timescaledb" },
            string.Create(CultureInfo.InvariantCulture,
                $"{rows:N0} rows appended in time order (correlation {p.Correlation:F2} with " +
                $"{(p.Basis == ProfileBasis.Scan ? "key or physical order" : "physical order")}){over}: " +
                $"a TimescaleDB hypertable with {Adjective(interval)} chunks (native {Adjective(interval)} partitions where " +
                $"the target lacks TimescaleDB)"));
    }

    /// <summary>Partitions of around a million rows or more, and not more than a few hundred of them.</summary>
    public static string Interval(long rows, double? spanDays)
    {
        if (spanDays is not { } span) return "month";
        var perDay = rows / Math.Max(span, 1);
        if (perDay >= 1_000_000) return "day";
        if (perDay * 7 >= 1_000_000) return "week";
        return span > 3650 ? "year" : "month";
    }

    static string Adjective(string interval) => interval == "day" ? "daily" : interval + "ly";

    static SpecRuleSuggestion Suggest(string kind, string table, string column, JsonObject action, string evidence) =>
        new(kind, table, column, new JsonObject { ["table"] = table, ["column"] = column, [kind] = action }, evidence);

    static string Basis(ColumnProfile p) => p.Basis == ProfileBasis.Scan ? "all rows read" : p.Basis;

    internal static string Size(long bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):F1} GB"),
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F1} MB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
