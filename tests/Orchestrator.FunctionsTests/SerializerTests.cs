using System.Text;
using System.Text.Json;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Functions;
using Orchestrator.FunctionsTests.Infrastructure;
using Orchestrator.TaskHubHost;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Target;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// One serializer: the app sets WorkerOptions.Serializer to the project's JSON options, and the Durable extension reads
/// orchestration and activity inputs through it (GetInput), as do the tests' task hubs.
/// </summary>
public class SerializerTests
{
    static readonly TableInput Shaped = new("ser-1", SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern", "ifExists": "truncate" },
          "staging": { "kind": "blob", "connection": "Staging", "container": "staging" },
          "overrides": [ { "table": "shop.orders", "name": "purchases",
                           "columns": { "note": { "name": "remark", "type": "varchar(64)" } } } ],
          "rules": [ { "table": "ml.items", "column": "embedding", "vector": { "from": "float32le", "dimensions": 8, "distance": "l2" } },
                     { "table": "shop.customers", "column": "email", "pii": { "transform": "tokenize" } } ] }
        """, SourceDialects.Traits), new TablePlan
        {
            TableId = "t1", Source = new TableName("shop", "orders"), Target = new TableName("shop", "purchases"),
            Columns = ["id", "remark"],
            Read = new SourceRead(["id", "note"], new Dictionary<string, string> { ["id"] = "bigint" })
            {
                Renamed = new Dictionary<string, string> { ["remark"] = "note" },
            },
            Strategy = "ctid", Format = CopyFormat.Binary, EstimatedRows = 1000,
            Chunks = [new ChunkPlan("c0", 0, new ChunkRange { Kind = RangeKind.Ctid, FromPage = 0, ToPage = 8 }, 500),
                      new ChunkPlan("c1", 1, new ChunkRange { Kind = RangeKind.Partition, Partition = "orders_2024" }, 500)],
        });

    static ObjectSerializer AppSerializer()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddMigrationFunctions();
        return services.BuildServiceProvider().GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
    }

    [Fact]
    public void The_app_configures_the_workers_serializer_to_the_projects_json_options()
    {
        var json = AppSerializer().Serialize(Shaped).ToString();
        Assert.Equal(JsonSerializer.Serialize(Shaped, new JsonSerializerOptions(SpecLoader.JsonOptions) { WriteIndented = false }), json);
        Assert.StartsWith("""{"migrationId":"ser-1","spec":{""", json);
    }

    [Fact]
    public void A_spec_with_rules_overrides_and_enum_values_crosses_the_durable_converter_unchanged()
    {
        // The Functions extension's own DataConverter over the app's serializer: what GetInput and activity inputs use.
        var converter = WorkerServices.Converter(AppSerializer());
        var back = (TableInput)converter.Deserialize(converter.Serialize(Shaped), typeof(TableInput))!;

        Assert.Equal(Json(Shaped), Json(back));
        Assert.Equal("tokenize", back.Spec.Rules[1].Pii!.Transform);
        Assert.Equal("remark", back.Spec.Overrides[0].Columns["note"].Name);
        Assert.Equal([RangeKind.Ctid, RangeKind.Partition], back.Table.Chunks.Select(c => c.Range.Kind));
        Assert.Equal("truncate", back.Spec.Target.IfExists);
    }

    [Fact]
    public async Task The_test_task_hub_runs_with_the_apps_converter_on_worker_and_client()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(new ConfigurationBuilder().Build());
        var name = Options.DefaultName;
        Assert.All(new DataConverter[]
        {
            hub.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(name).DataConverter,
            hub.Services.GetRequiredService<IOptionsMonitor<GrpcDurableTaskWorkerOptions>>().Get(name).DataConverter,
            hub.Services.GetRequiredService<IOptionsMonitor<DurableTaskClientOptions>>().Get(name).DataConverter,
            hub.Services.GetRequiredService<IOptionsMonitor<GrpcDurableTaskClientOptions>>().Get(name).DataConverter,
        }, c => Assert.Equal("ObjectConverterShim", c.GetType().Name));
    }

    [Theory]
    [InlineData("""{"Schedule":{"AdjustForDST":true""" +
        """},"ScheduleStatus":{"Last":"2025-01-01T02:00:00Z","Next":"2025-01-02T02:00:00Z","LastUpdated":"2025-01-01T02:00:00Z"}""" +
        ""","IsPastDue":true}""")]
    [InlineData("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}""")]
    public void The_timer_triggers_payload_from_the_host_still_reads(string payload)
    {
        // The worker binds TimerInfo with the same serializer; the host's payload has a "Schedule" the type lacks.
        var timer = (TimerInfo)AppSerializer().Deserialize(new MemoryStream(Encoding.UTF8.GetBytes(payload)), typeof(TimerInfo), default)!;
        Assert.True(timer.IsPastDue);
    }

    static string Json(object value) => JsonSerializer.Serialize(value, SpecLoader.JsonOptions);
}
