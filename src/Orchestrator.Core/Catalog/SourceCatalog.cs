namespace Orchestrator.Core.Catalog;

/// <summary>What Discover found in the source: the tables to move and the types, sequences and extensions they need.</summary>
public sealed record SourceCatalog
{
    // 2: keys, indexes, foreign keys and checks are structured (they were PostgreSQL DDL text).
    // 3: tables speak only the target; the source's names and types are the table's own model (TableInfo.Source).
    public const int CurrentVersion = 3;
    public int Version { get; init; } = CurrentVersion;
    public required string Dialect { get; init; }
    public required string Database { get; init; }
    public required string ServerVersion { get; init; }
    /// <summary>Where the source was before the catalog was read: the position the full load is consistent from.</summary>
    public SourcePosition? Position { get; init; }
    public required IReadOnlyList<TableInfo> Tables { get; init; }
    public IReadOnlyList<EnumType> Enums { get; init; } = [];
    public IReadOnlyList<DomainType> Domains { get; init; } = [];
    public IReadOnlyList<CompositeType> Composites { get; init; } = [];
    public IReadOnlyList<SequenceInfo> Sequences { get; init; } = [];
    public IReadOnlyList<string> Extensions { get; init; } = [];
    /// <summary>
    /// What the schema conversion renamed, translated with a caveat, or could not translate: for the plan, assessment and report.
    /// </summary>
    public IReadOnlyList<ConversionFinding> Findings { get; init; } = [];
    /// <summary>Optional source probes the server refused while Discover ran, and what was done instead.</summary>
    public IReadOnlyList<UnavailableProbe> UnavailableProbes { get; init; } = [];

    /// <summary>A table by the name the source spells it (plans and chunk tasks carry source names).</summary>
    public TableInfo? Find(TableName sourceName) => Indexes.GetValue(Tables, static tables =>
    {
        var byName = new Dictionary<TableName, TableInfo>();
        foreach (var table in tables) byName.TryAdd(table.SourceTableName, table);
        return byName;
    }).GetValueOrDefault(sourceName);

    // Every activity of every table looks its table up: a scan per lookup made a catalog of thousands of tables
    // quadratic. The index belongs to the (never modified) list, not to this record: `with` copies share it only
    // while they share the list, and the record's equality stays that of its data.
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<TableInfo>, Dictionary<TableName, TableInfo>>
        Indexes = new();
}

public sealed record TableInfo
{
    /// <summary>The target's name. Reading the source uses <see cref="SourceTableName"/>.</summary>
    public required TableName Name { get; init; }
    /// <summary>The target's columns: target names and types.</summary>
    public required IReadOnlyList<ColumnInfo> Columns { get; init; }
    /// <summary>
    /// The source side where it differs from the target (identifier folding, spec overrides, rules): the source's name and
    /// the column map. Null when the target is the source as it is.
    /// </summary>
    public SourceTable? Source { get; init; }
    public KeyInfo? PrimaryKey { get; init; }
    /// <summary>A partition's key from its partitioned root: created by the root, used here only to chunk the partition.</summary>
    public KeyInfo? InheritedKey { get; init; }
    public IReadOnlyList<KeyInfo> UniqueKeys { get; init; } = [];
    public IReadOnlyList<ForeignKeyInfo> ForeignKeys { get; init; } = [];
    public IReadOnlyList<CheckInfo> Checks { get; init; } = [];
    /// <summary>A PostgreSQL source's exclusion constraints, as its own text: operators and operator classes have no other form.</summary>
    public IReadOnlyList<ExclusionInfo> Exclusions { get; init; } = [];
    public IReadOnlyList<IndexInfo> Indexes { get; init; } = [];
    /// <summary>Set on a partitioned (parent) table: e.g. "RANGE (created_on)". Such a table holds no rows itself.</summary>
    public string? PartitionKey { get; init; }
    /// <summary>Set on a partition: its parent and bound ("FOR VALUES FROM (...) TO (...)", "DEFAULT").</summary>
    public PartitionOf? PartitionOf { get; init; }
    public long EstimatedRows { get; init; }
    public long SizeBytes { get; init; }
    public long Pages { get; init; }
    public string? Comment { get; init; }
    /// <summary>A time-series rule: the target table is range-partitioned by a time column (the source table is not).</summary>
    public TimePartitioning? TimePartitions { get; init; }

    public TableName SourceTableName => Source?.Name ?? Name;
    public bool HoldsRows => PartitionKey is null;
    public IEnumerable<ColumnInfo> CopiedColumns => Columns.Where(c => c.GenerationExpression is null);

    /// <summary>What the target's <paramref name="column"/> is called and typed at the source.</summary>
    public SourceColumn SourceOf(ColumnInfo column) =>
        Source?.Filling(column.Name) ?? new SourceColumn(column.Name, column.DataType, column.Name);
}

public sealed record PartitionOf(TableName Parent, string Bound);

/// <summary>
/// Range partitions of a time-series table: one per interval from the data's first to its last value, plus a default
/// partition for anything outside (rows written after planning). Bounds are ISO timestamps, lower inclusive. With the
/// timescaledb engine the table becomes a hypertable whose chunks span one interval each (the bounds then only chunk
/// the copy), or these partitions where the target lacks TimescaleDB.
/// </summary>
public sealed record TimePartitioning(string Column, string Interval, IReadOnlyList<TimeBound> Partitions)
{
    /// <summary>native or timescaledb (<see cref="Spec.TimeSeriesRule.Engine"/>).</summary>
    public string Engine { get; init; } = "native";
    public bool Hypertable => Engine == "timescaledb";
}

public sealed record TimeBound(string Name, string From, string To);

public sealed record ColumnInfo
{
    /// <summary>The target's name; the source's is the table's to say (<see cref="TableInfo.SourceOf"/>).</summary>
    public required string Name { get; init; }
    /// <summary>The exact PostgreSQL type the target column gets, schema-qualified where it is not built in.</summary>
    public required string DataType { get; init; }
    public required TypeFamily Family { get; init; }
    public bool Nullable { get; init; } = true;
    public string? Default { get; init; }
    public IdentityKind Identity { get; init; }
    /// <summary>A stored generated column: recomputed by the target, so never copied.</summary>
    public string? GenerationExpression { get; init; }
    public string? Collation { get; init; }
    /// <summary>False when the binary form embeds type OIDs that differ between databases (composites, arrays of user types).</summary>
    public bool BinaryPortable { get; init; } = true;
    public string? Comment { get; init; }
    /// <summary>The spec's AI/ML rule for this column (vector, artifact, pii, document): the value is reshaped during extract.</summary>
    public Spec.ColumnRule? Rule { get; init; }
}

public enum IdentityKind { None, Always, ByDefault }

/// <summary>The kind of value, which decides the aggregates validation can compute for a column.</summary>
public enum TypeFamily { Integer, Decimal, Float, Money, Boolean, Text, Binary, Json, Xml, Temporal, Uuid, Network, Other }

public sealed record EnumType(string Schema, string Name, IReadOnlyList<string> Labels);

public sealed record CompositeType(string Schema, string Name, IReadOnlyList<CompositeField> Fields);

public sealed record CompositeField(string Name, string DataType);

public sealed record DomainType(string Schema, string Name, string BaseType, bool NotNull, string? Default,
    IReadOnlyList<CheckInfo> Checks);

public sealed record SequenceInfo
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    public required string DataType { get; init; }
    public long Start { get; init; } = 1;
    public long Increment { get; init; } = 1;
    public long Min { get; init; }
    public long Max { get; init; }
    public bool Cycle { get; init; }
    /// <summary>Owning column (serial): the sequence is created before its table and owned by the column after.</summary>
    public TableName? OwnedByTable { get; init; }
    public string? OwnedByColumn { get; init; }
    /// <summary>True for identity sequences: created by the column, only their value is carried.</summary>
    public bool IsIdentity { get; init; }
    /// <summary>The source's schema-qualified name when the target's differs; null when the same.</summary>
    public TableName? SourceName { get; init; }

    public TableName SourceSequenceName => SourceName ?? new TableName(Schema, Name);
}
