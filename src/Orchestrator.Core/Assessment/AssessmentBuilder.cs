using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Assessment;

/// <summary>Reads the source's catalog and plans its chunks without writing anything anywhere.</summary>
public static class AssessmentBuilder
{
    public static async Task<SourceAssessment> BuildAsync(ISourceDialect source, MigrationSpec spec, CancellationToken ct = default)
    {
        var catalog = await SourceDiscovery.DiscoverAsync(source, spec, ct);
        var position = catalog.Position!;
        var plan = await PlanActivity.BuildAsync("assessment", spec, source, catalog, ct);
        var plans = plan.Tables.ToDictionary(t => t.Source);
        return new SourceAssessment
        {
            Dialect = catalog.Dialect,
            Database = catalog.Database,
            ServerVersion = catalog.ServerVersion,
            Position = position,
            Extensions = catalog.Extensions,
            TargetDdl = DdlWriter.Script(catalog),
            Tables = catalog.Tables.Select(t => Table(t, plans.GetValueOrDefault(t.SourceTableName))).ToList(),
            Findings = catalog.Findings,
        };
    }

    static TableAssessment Table(TableInfo t, Planning.TablePlan? plan) => new()
    {
        Table = t.Name.ToString(),
        EstimatedRows = plan?.EstimatedRows ?? Math.Max(t.EstimatedRows, 0),
        SizeBytes = t.SizeBytes,
        PartitionKey = t.PartitionKey,
        PartitionOf = t.PartitionOf?.Parent.ToString(),
        PrimaryKey = t.PrimaryKey is { } pk ? string.Join(", ", pk.Columns) : null,
        UniqueKeys = t.UniqueKeys.Count,
        ForeignKeys = t.ForeignKeys.Count,
        Indexes = t.Indexes.Count,
        Chunks = plan?.Chunks.Count ?? 0,
        ChunkStrategy = plan?.Strategy,
        Columns = t.Columns.Select(c => new ColumnAssessment(c.Name, c.DataType, c.Family.ToString(), c.Nullable, c.Default,
            c.Identity == IdentityKind.None ? null : c.Identity.ToString(), c.GenerationExpression is not null)).ToList(),
    };
}
