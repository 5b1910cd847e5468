using Orchestrator.Core.Catalog;
using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Shapes;

/// <summary>The shapers a chunk's columns need (null where a column passes through), built from the catalog's rules.</summary>
public sealed class ChunkShapers
{
    public required IReadOnlyList<FieldShaper?> Fields { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Whether any column is reshaped; when none is, the chunk's stream is staged as it is.</summary>
    public bool Any => Fields.Any(f => f is not null);

    /// <param name="nulReject">SQL Server with source.nulCharacters reject: text values pass NULs on, and a guard refuses those
    /// rows.</param>
    public static ChunkShapers For(TableInfo table, IReadOnlyList<string> columns, IArtifactStore artifacts, byte[]? piiSalt,
        bool nulReject = false) => new()
    {
        Columns = columns,
        Fields = columns.Select(name =>
        {
            var column = table.Columns.First(c => c.Name == name);
            var sourceType = table.SourceOf(column).DataType;
            return column.Rule switch
            {
                { Vector: { } v } => new VectorShaper(v),
                { Artifact: { } a } => new ArtifactShaper(a, artifacts),
                { Pii: { } p } => new PiiShaper(p, piiSalt),
                { Document: { } d } => new DocumentShaper(d, sourceIsJsonb: sourceType == "jsonb"),
                _ when nulReject && column.Family is TypeFamily.Text or TypeFamily.Json or TypeFamily.Xml => new NulGuardShaper(),
                _ => (FieldShaper?)null,
            };
        }).ToList(),
    };

    /// <summary>Per vector column, the norms this chunk wrote (for the report's comparison with the target's).</summary>
    public IReadOnlyDictionary<string, NormSummary> Norms() =>
        Fields.Select((f, i) => (f, i)).Where(x => x.f is VectorShaper { Norms.Count: > 0 })
            .ToDictionary(x => Columns[x.i], x => NormSummary.From(((VectorShaper)x.f!).Norms));

    public long ArtifactsStored => Fields.OfType<ArtifactShaper>().Sum(a => a.External);
    public long DocumentsKeptAsText => Fields.OfType<DocumentShaper>().Sum(d => d.KeptAsText);
}

/// <summary>Vector norms over a set of rows: count, min, max and sum (the mean is sum / count).</summary>
public sealed record NormSummary(long Count, double Min, double Max, double Sum)
{
    public static NormSummary From(VectorNorms n) => new(n.Count, n.Min, n.Max, n.Sum);

    public static NormSummary? Combine(IEnumerable<NormSummary> parts)
    {
        var list = parts.ToList();
        return list.Count == 0 ? null : new(list.Sum(p => p.Count), list.Min(p => p.Min), list.Max(p => p.Max), list.Sum(p => p.Sum));
    }
}
