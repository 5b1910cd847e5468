using Orchestrator.Core.Catalog;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Shapes;

public class CatalogShapingTests
{
    static SourceCatalog Catalog() => new()
    {
        Dialect = "postgres", Database = "d", ServerVersion = "15",
        Tables =
        [
            new()
            {
                Name = new TableName("ml", "items"),
                Columns =
                [
                    new() { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Nullable = false },
                    new() { Name = "emb", DataType = "bytea", Family = TypeFamily.Binary },
                    new() { Name = "at", DataType = "timestamp with time zone", Family = TypeFamily.Temporal, Nullable = false },
                ],
                PrimaryKey = new KeyInfo("items_pkey", ["id"]),
                Checks = [new CheckInfo("emb_len", "octet_length(emb) = 1536"), new CheckInfo("id_pos", "id > 0")],
                EstimatedRows = 50_000,
            },
        ],
    };

    static MigrationSpec Spec(params ColumnRule[] rules) => new()
    {
        Source = new SourceSpec { Dialect = "postgres", Connection = "S" },
        Target = new TargetSpec { Connection = "T" },
        Rules = rules,
    };

    [Fact]
    public void A_vector_rule_sets_the_type_the_index_and_the_extension()
    {
        var shaped = CatalogShaping.Apply(Catalog(), Spec(new ColumnRule { Table = "ml.items", Column = "emb",
            Vector = new VectorRule { Dimensions = 384, Type = "halfvec", Index = "ivfflat", Distance = "ip" } }));
        var column = shaped.Tables[0].Columns[1];
        Assert.Equal("halfvec(384)", column.DataType);
        Assert.Equal(new SourceColumn("emb", "bytea", "emb"), shaped.Tables[0].SourceOf(column));
        Assert.Equal(
            "CREATE INDEX IF NOT EXISTS \"items_emb_ivfflat\" ON \"ml\".\"items\" USING ivfflat (\"emb\" halfvec_ip_ops) WITH (lists=50)",
            DdlWriter.Index(shaped.Tables[0].Name, shaped.Tables[0].Indexes.Single()));
        Assert.Contains("vector", shaped.Extensions);
        Assert.Equal(["id_pos"], shaped.Tables[0].Checks.Select(c => c.Name));
        Assert.Contains(shaped.Findings, f => f.Subject == "ml.items check emb_len" && f.Message.StartsWith("not created: it tests emb"));
    }

    [Fact]
    public void A_time_series_rule_partitions_by_month_and_extends_the_primary_key()
    {
        var shaped = CatalogShaping.Apply(Catalog(),
            Spec(new ColumnRule { Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule() }),
            new Dictionary<TableName, (string?, string?)>
            {
                [new TableName("ml", "items")] = ("2023-11-30 23:00:00+00", "2024-02-01 00:00:00+00"),
            });
        var table = shaped.Tables[0];
        Assert.Equal(["items_p202311", "items_p202312", "items_p202401", "items_p202402"],
            table.TimePartitions!.Partitions.Select(p => p.Name));
        Assert.Equal("2023-12-01 00:00:00+00", table.TimePartitions.Partitions[0].To);
        Assert.Equal(["id", "at"], table.PrimaryKey!.Columns);
        Assert.Contains(shaped.Findings, f => f.Rule == "time-series" && f.Message.Contains("gains at"));
    }

    [Theory]
    [InlineData("week", "2024-01-03", "2024-01-15", "items_p20240101,items_p20240108,items_p20240115", "2024-01-08")]
    [InlineData("year", "2022-06-30", "2024-01-01", "items_p2022,items_p2023,items_p2024", "2023-01-01")]
    public void Week_partitions_start_on_monday_and_year_partitions_on_january_first(
        string interval, string min, string max, string names, string firstTo)
    {
        var shaped = CatalogShaping.Apply(Catalog(),
            Spec(new ColumnRule { Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule { Interval = interval } }),
            new Dictionary<TableName, (string?, string?)> { [new TableName("ml", "items")] = (min, max) });
        var partitions = shaped.Tables[0].TimePartitions!.Partitions;
        Assert.Equal(names.Split(','), partitions.Select(p => p.Name));
        Assert.StartsWith(firstTo, partitions[0].To, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50_000_000, 10.0)]
    [InlineData(1_000_000, 6.0)]
    [InlineData(1_000_000, 400.0)]
    [InlineData(20_000, 5000.0)]
    public void Every_interval_the_assessment_suggests_is_one_the_spec_accepts(long rows, double spanDays)
    {
        var interval = Orchestrator.Core.Assessment.AiMl.AiMlDetector.Interval(rows, spanDays);
        var problems = SpecValidator.Validate(Spec(
            new ColumnRule { Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule { Interval = interval } }),
            SourceDialects.Traits);
        Assert.DoesNotContain(problems, p => p.Contains("interval", StringComparison.Ordinal));
    }

    [Fact]
    public void Day_partitions_beyond_the_limit_are_refused_with_the_count()
    {
        var error = Assert.Throws<SpecException>(() => CatalogShaping.Apply(Catalog(),
            Spec(new ColumnRule { Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule { Interval = "day" } }),
            new Dictionary<TableName, (string?, string?)> { [new TableName("ml", "items")] = ("2020-01-01", "2024-01-01") }));
        Assert.Contains(
            "rules[0].timeSeries.interval: day partitions from 2020-01-01 to 2024-01-01 would be 1001 (at most 1000); use month",
            error.Message);
    }

    [Fact]
    public void Rules_are_checked_against_the_spec_shape_with_json_paths()
    {
        var problems = SpecValidator.Validate(Spec(
            new ColumnRule { Table = "items", Column = "emb", Vector = new VectorRule { From = "float16", Dimensions = 3000 } },
            new ColumnRule { Table = "ml.items", Column = "x" },
            new ColumnRule
            {
                Table = "ml.items", Column = "y", Pii = new PiiRule { Transform = "scramble" }, Document = new DocumentRule(),
            },
            new ColumnRule { Table = "ml.items", Column = "z", Document = new DocumentRule { As = "xml", Invalid = "text" } },
            new ColumnRule { Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule { Engine = "influx" } }),
            SourceDialects.Traits);
        Assert.Contains("rules[0].table: 'items' must be schema.table", problems);
        Assert.Contains(
            "rules[0].vector.from: 'float16' is not one of float32le, float32be, float64le, float64be, json, csv, array, native",
            problems);
        Assert.Contains(
            "rules[0].vector.index: pgvector indexes vector of at most 2000 dimensions (got 3000); use \"index\": \"none\" or halfvec",
            problems);
        Assert.Contains("rules[1]: set exactly one of vector, artifact, timeSeries, pii, document", problems);
        Assert.Contains("rules[2]: set exactly one of vector, artifact, timeSeries, pii, document", problems);
        Assert.Contains(problems, p => p.StartsWith("rules[3].document.invalid:", StringComparison.Ordinal));
        Assert.Contains("rules[4].timeSeries.engine: 'influx' is not one of native, timescaledb", problems);
    }

    [Fact]
    public void The_timescaledb_engine_shapes_keys_like_partitions_and_writes_a_hypertable_with_a_time_index()
    {
        var shaped = CatalogShaping.Apply(Catalog(),
            Spec(new ColumnRule
            {
                Table = "ml.items", Column = "at", TimeSeries = new TimeSeriesRule { Interval = "day", Engine = "timescaledb" },
            }),
            new Dictionary<TableName, (string?, string?)>
            {
                [new TableName("ml", "items")] = ("2024-01-01 10:00:00+00", "2024-01-03 09:00:00+00"),
            });
        var table = shaped.Tables[0];
        Assert.True(table.TimePartitions!.Hypertable);
        Assert.Equal(["id", "at"], table.PrimaryKey!.Columns);
        Assert.DoesNotContain("PARTITION BY", DdlWriter.Table(table));
        Assert.Equal(
            [
                "SELECT create_hypertable('\"ml\".\"items\"'::regclass, 'at'::name, chunk_time_interval => interval '1 day', " +
                "create_default_indexes => false, if_not_exists => true)",
            ],
            DdlWriter.TimePartitions(table));
        Assert.Contains("CREATE INDEX IF NOT EXISTS \"items_at_idx\" ON \"ml\".\"items\" (\"at\" DESC)",
            table.Indexes.Select(i => DdlWriter.Index(table.Name, i)));
        Assert.Contains(shaped.Findings, f => f.Message == "a TimescaleDB hypertable by at with one chunk per day, copied in 3 day ranges");
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS timescaledb;", DdlWriter.Script(shaped));
    }
}

public class VectorNormReportTests
{
    [Fact]
    public void Norms_agree_within_an_ulp_of_reassociated_sums_but_not_beyond()
    {
        var extracted = new NormSummary(2, 2.7504827950172177, 2.9, 5.65);
        Assert.True(new Orchestrator.Core.Reporting.VectorNormReport("v", extracted, extracted with { Min = 2.750482795017218 }).Matches);
        Assert.False(new Orchestrator.Core.Reporting.VectorNormReport("v", extracted, extracted with { Min = 2.7505 }).Matches);
        Assert.False(new Orchestrator.Core.Reporting.VectorNormReport("v", extracted, extracted with { Count = 1 }).Matches);
        Assert.False(new Orchestrator.Core.Reporting.VectorNormReport("v", extracted, null).Matches);
    }
}

public class VectorSearchRecallTests
{
    [Fact]
    public void Found_neighbours_tied_with_the_exact_kth_count_as_found()
    {
        Assert.Equal(1.0, Orchestrator.Core.Validation.VectorSearchProbe.Recall([0.1, 0.2, 0.2], [0.1, 0.2, 0.2]));
        Assert.Equal(2 / 3.0, Orchestrator.Core.Validation.VectorSearchProbe.Recall([0.1, 0.2, 0.2], [0.1, 0.2, 0.25]));
        Assert.Equal(1 / 3.0, Orchestrator.Core.Validation.VectorSearchProbe.Recall([0.1, 0.2, 0.3], [0.1]));
        Assert.Equal(1.0, Orchestrator.Core.Validation.VectorSearchProbe.Recall([], []));
    }

    [Fact]
    public void Probes_double_from_one_up_to_the_lists() =>
        Assert.Equal([1, 2, 4, 6], Orchestrator.Core.Validation.VectorSearchProbe.Probes(6));
}
