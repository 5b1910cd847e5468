using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Estimate;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Types;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Assessment;

/// <summary>
/// Reads the source's catalog, objects, plan cache and column profiles, and plans its chunks, without writing anything anywhere.
/// </summary>
public static class AssessmentBuilder
{
    /// <param name="ddl">The spec's target, which renders the DDL the assessment shows.</param>
    public static async Task<SourceAssessment> BuildAsync(ISourceDialect source, ISourceInventory inventory, ITargetDdl ddl,
        MigrationSpec spec, AssessmentOptions? options = null, CancellationToken ct = default)
    {
        options ??= AssessmentOptions.Default;
        var catalog = await SourceDiscovery.DiscoverAsync(source, spec, ct);
        var plan = await MigrationPlanner.BuildAsync("assessment", spec, source, catalog, ct);
        var plans = plan.Tables.ToDictionary(t => t.Source);
        var objects = (await inventory.ReadObjectsAsync(ct)).Select(o => EffortGrading.Assess(o, source.Traits))
            .OrderBy(o => o.Schema, StringComparer.Ordinal).ThenBy(o => o.Kind, StringComparer.Ordinal)
                .ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var queries = await inventory.ReadHeavyQueriesAsync(options.HeavyQueries, ct);

        var tables = new List<TableAssessment>();
        var findings = new List<TypeFinding>();
        var suggestions = new List<SpecRuleSuggestion>();
        foreach (var t in catalog.Tables)
        {
            var rows = RowsOf(t, catalog, plans);
            // A partition's columns are its parent's: the parent is profiled once over all its partitions.
            IReadOnlyList<ColumnProfile> profiles = [];
            if (t.PartitionOf is null)
            {
                profiles = await inventory.ProfileAsync(t, options.Scan, ct);
                findings.AddRange(TypeFindings.For(source.Traits, t, profiles));
                suggestions.AddRange(AiMlDetector.Detect(t, rows, profiles));
            }
            // A partitioned parent holds no rows itself: its partitions are estimated.
            var seconds = t.HoldsRows ? MigrationEstimate.Seconds(rows, t.SizeBytes, MeasuredThroughput.Conservative) : (double?)null;
            tables.Add(Table(t, catalog, source.Traits, plans.GetValueOrDefault(t.SourceTableName), rows, profiles)
                with { EstimatedSeconds = seconds });
        }
        if (GraphSuggestion.For(catalog) is { } graph) suggestions.Add(graph);
        var estimate = MigrationEstimate.For(tables.Where(t => t.PartitionKey is null).Select(t => (t.Table, t.EstimatedRows, t.SizeBytes)),
            MeasuredThroughput.Conservative);

        return new SourceAssessment
        {
            Dialect = catalog.Dialect,
            Database = catalog.Database,
            ServerVersion = catalog.ServerVersion,
            Position = catalog.Position!,
            Scanned = options.Scan,
            Extensions = catalog.Extensions,
            TargetDdl = ddl.Script(catalog),
            Findings = catalog.Findings,
            UnavailableProbes = UnavailableProbe.Merge(plan.UnavailableProbes, inventory.UnavailableProbes),
            Schemas = Schemas(catalog, tables, objects),
            Tables = tables,
            TypeFindings = findings,
            Objects = objects,
            HeavyQueries = queries,
            Suggestions = suggestions,
            Estimate = estimate,
        };
    }

    static long RowsOf(TableInfo t, SourceCatalog catalog, Dictionary<TableName, Planning.TablePlan> plans) => t.PartitionKey is null
        ? plans.GetValueOrDefault(t.SourceTableName)?.EstimatedRows ?? Math.Max(t.EstimatedRows, 0)
        : catalog.Tables.Where(p => p.PartitionOf?.Parent == t.Name).Sum(p => RowsOf(p, catalog, plans));

    static IReadOnlyList<SchemaAssessment> Schemas(SourceCatalog catalog, List<TableAssessment> tables, List<ObjectAssessment> objects) =>
        catalog.Tables.Select(t => t.Name.Schema).Concat(objects.Select(o => o.Schema)).Distinct().Order(StringComparer.Ordinal)
            .Select(s =>
            {
                // Rows and bytes are counted where they live: in the partitions, not again in their parent.
                var own = tables.Where(t => t.Schema == s && t.PartitionKey is null).ToList();
                return new SchemaAssessment(s, tables.Count(t => t.Schema == s), own.Sum(t => t.EstimatedRows), own.Sum(t => t.SizeBytes),
                    objects.Count(o => o.Schema == s));
            }).ToList();

    static TableAssessment Table(TableInfo t, SourceCatalog catalog, SourceTraits traits, Planning.TablePlan? plan, long rows,
        IReadOnlyList<ColumnProfile> profiles)
    {
        var profileOf = profiles.ToDictionary(p => p.Column);
        return new()
        {
            Table = t.Name.ToString(),
            Schema = t.Name.Schema,
            EstimatedRows = rows,
            SizeBytes = t.SizeBytes,
            PartitionKey = t.PartitionKey,
            PartitionOf = t.PartitionOf?.Parent.ToString(),
            Partitions = catalog.Tables.Count(p => p.PartitionOf?.Parent == t.Name),
            PrimaryKey = t.PrimaryKey is { } pk ? string.Join(", ", pk.Columns) : null,
            UniqueKeys = t.UniqueKeys.Count,
            ForeignKeys = t.ForeignKeys.Count,
            Indexes = t.Indexes.Count,
            Chunks = plan?.Chunks.Count ?? 0,
            ChunkStrategy = plan?.Strategy,
            Columns = t.Columns.Select(c => new ColumnAssessment(c.Name, c.DataType, c.Family.ToString(), c.Nullable, c.Default,
                c.Identity == IdentityKind.None ? null : c.Identity.ToString(), c.GenerationExpression is not null)
            { SourceType = profileOf.GetValueOrDefault(c.Name)?.SourceType ?? c.DataType }).ToList(),
            LobColumns = profiles.Where(p => LargeObjects.IsLob(traits, p))
                .Select(p => new LobColumn(p.Column, p.SourceType, p.AvgBytes, p.MaxBytes, p.Basis)).ToList(),
        };
    }
}
