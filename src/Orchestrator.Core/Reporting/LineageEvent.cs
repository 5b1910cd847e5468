using System.Security.Cryptography;
using System.Text;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Reporting;

/// <summary>
/// An OpenLineage run event (spec 2-0-2, trimmed to what a migration knows) for one table: the source dataset as input,
/// the target dataset as output with its schema, row count and column lineage (which rule transformed a column).
/// Namespaces are dialect://host:port/database, never credentials.
/// </summary>
public sealed record LineageEvent
{
    public string EventType { get; init; } = "COMPLETE";
    public DateTime EventTime { get; init; }
    public string Producer { get; init; } = "https://github.com/migration-orchestrator/migrator";
    public string SchemaURL { get; init; } = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    public required LineageRun Run { get; init; }
    public required LineageJob Job { get; init; }
    public required IReadOnlyList<LineageDataset> Inputs { get; init; }
    public required IReadOnlyList<LineageDataset> Outputs { get; init; }

    public static LineageEvent For(string migrationId, TableResult table, TableInfo info, string sourceNamespace, string targetNamespace,
        SourcePosition position) => new()
    {
        EventTime = table.FinishedUtc,
        Run = new LineageRun(RunId(migrationId), new Dictionary<string, object>
        {
            ["migration"] = new
            {
                migrationId, sourcePosition = position.ToString(), rowsExtracted = table.RowsExtracted, rowsLoaded = table.RowsLoaded,
                rejects = table.Rejects,
            },
        }),
        Job = new LineageJob("migrator", $"{migrationId}.{table.Source}"),
        Inputs = [new LineageDataset(sourceNamespace, table.Source.ToString(), new Dictionary<string, object>
        {
            ["schema"] = new
            {
                fields = info.CopiedColumns.Select(info.SourceOf).Select(c => new { name = c.Name, type = c.DataType }).ToList(),
            },
        })],
        Outputs = [new LineageDataset(targetNamespace, table.Target.ToString(), new Dictionary<string, object>
        {
            ["schema"] = new { fields = info.CopiedColumns.Select(c => new { name = c.Name, type = c.DataType }).ToList() },
            ["columnLineage"] = new { fields = info.CopiedColumns.ToDictionary(c => c.Name, c => new
            {
                inputFields = new[] { new { @namespace = sourceNamespace, name = table.Source.ToString(), field = info.SourceOf(c).Name } },
                transformationType = c.Rule is { TimeSeries: null } ? "MASKED_OR_TRANSFORMED" : "IDENTITY",
                transformationDescription = Describe(c, info.SourceOf(c).DataType),
            }) },
            ["outputStatistics"] = new { rowCount = table.RowsLoaded, size = table.Bytes },
        })],
    };

    static string Describe(ColumnInfo c, string from) => c.Rule switch
    {
        { Vector: { } v } => $"vector: {v.From} to {v.Type}({v.Dimensions})",
        { Artifact: { } a } => $"artifact: {a.Mode}",
        { Pii: { } p } => $"pii: {p.Transform}",
        { Document: { } d } => $"document: {d.As}",
        _ when from != c.DataType => $"type: {from} to {c.DataType}",
        _ => "copied",
    };

    /// <summary>OpenLineage wants a UUID: a stable one from the migration id, so every resume reports the same run.</summary>
    public static Guid RunId(string migrationId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("migrator:" + migrationId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style (name-based)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

public sealed record LineageRun(Guid RunId, IReadOnlyDictionary<string, object> Facets);

public sealed record LineageJob(string Namespace, string Name);

public sealed record LineageDataset(string Namespace, string Name, IReadOnlyDictionary<string, object> Facets);
