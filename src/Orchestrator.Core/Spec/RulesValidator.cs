namespace Orchestrator.Core.Spec;

/// <summary>Checks the spec's rules array; each problem names its JSON path ("rules[2].vector.dimensions: ...").</summary>
public static class RulesValidator
{
    static readonly string[] VectorTypes = ["vector", "halfvec"];
    static readonly string[] Indexes = ["hnsw", "ivfflat", "none"];
    static readonly string[] Distances = ["cosine", "l2", "ip"];
    static readonly string[] ArtifactModes = ["inline", "external", "threshold"];
    static readonly string[] Intervals = ["year", "month", "week", "day"];
    static readonly string[] PiiTransforms = ["hash", "tokenize", "redact", "null"];
    static readonly string[] DocumentKinds = ["jsonb", "xml"];
    static readonly string[] InvalidPolicies = ["reject", "text"];

    public static void Validate(MigrationSpec spec, List<string> problems)
    {
        var seen = new Dictionary<(string, string), int>();
        for (var i = 0; i < spec.Rules.Count; i++)
        {
            var rule = spec.Rules[i];
            var at = $"rules[{i}]";
            void Check(bool ok, string problem) { if (!ok) problems.Add($"{at}.{problem}"); }
            void OneOf(string value, IReadOnlyList<string> choices, string path) =>
                Check(choices.Contains(value), $"{path}: '{value}' is not one of {string.Join(", ", choices)}");

            Check(!string.IsNullOrWhiteSpace(rule.Table) && rule.Table.Contains('.'), $"table: '{rule.Table}' must be schema.table");
            Check(!string.IsNullOrWhiteSpace(rule.Column), "column: required");
            if (rule.Kind is null)
            {
                problems.Add($"{at}: set exactly one of vector, artifact, timeSeries, pii, document");
                continue;
            }
            if (seen.TryGetValue((rule.Table, rule.Column), out var earlier))
                problems.Add($"{at}: {rule.Table}.{rule.Column} already has a rule at rules[{earlier}]; one rule per column");
            else seen[(rule.Table, rule.Column)] = i;

            if (rule.Vector is { } v)
            {
                OneOf(v.From, VectorRule.Encodings, "vector.from");
                // pgvector's limits: 16,000 dimensions stored; HNSW/IVFFlat index up to 2,000 (vector) or 4,000 (halfvec).
                Check(v.Dimensions is > 0 and <= 16000, $"vector.dimensions: must be between 1 and 16000 (got {v.Dimensions})");
                OneOf(v.Type, VectorTypes, "vector.type");
                OneOf(v.Index, Indexes, "vector.index");
                OneOf(v.Distance, Distances, "vector.distance");
                Check(v.RecallTarget is > 0 and <= 1,
                    FormattableString.Invariant($"vector.recallTarget: must be above 0 and at most 1 (got {v.RecallTarget})"));
                Check(v.RecallQueries is >= 0 and <= 10_000, $"vector.recallQueries: must be between 0 and 10000 (got {v.RecallQueries})");
                var indexable = v.Type == "halfvec" ? 4000 : 2000;
                Check(v.Index == "none" || v.Dimensions <= indexable,
                    $"vector.index: pgvector indexes {v.Type} of at most {indexable} dimensions (got {v.Dimensions}); use " +
                    "\"index\": \"none\" or halfvec");
            }
            if (rule.Artifact is { } a)
            {
                OneOf(a.Mode, ArtifactModes, "artifact.mode");
                Check(a.ThresholdBytes > 0, $"artifact.thresholdBytes: must be > 0 (got {a.ThresholdBytes})");
            }
            if (rule.TimeSeries is { } t)
            {
                OneOf(t.Interval, Intervals, "timeSeries.interval");
                OneOf(t.Engine, TimeSeriesRule.Engines, "timeSeries.engine");
            }
            if (rule.Pii is { } p) OneOf(p.Transform, PiiTransforms, "pii.transform");
            if (rule.Document is { } d)
            {
                OneOf(d.As, DocumentKinds, "document.as");
                OneOf(d.Invalid, InvalidPolicies, "document.invalid");
                Check(!(d.As == "xml" && d.Invalid == "text"),
                    "document.invalid: \"text\" keeps invalid JSON as a JSON string; an xml column cannot " +
                    "hold invalid XML: use \"reject\"");
            }
        }
        if (spec.Rules.Count(r => r.TimeSeries is not null) is var ts && ts > 0)
            foreach (var group in spec.Rules.Where(r => r.TimeSeries is not null).GroupBy(r => r.Table).Where(g => g.Count() > 1))
                problems.Add($"rules: table {group.Key} has {group.Count()} timeSeries rules; a table is partitioned by one column");
    }
}
