using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Telemetry;
using Orchestrator.Functions.Durable;

var builder = FunctionsApplication.CreateBuilder(args);
// Oracle sources need ODP.NET in the deployment (build with -p:WithOracle=true); it registers itself when present.
Orchestrator.Core.Sources.Oracle.OracleProvider.TryRegister();

// Durable inputs, outputs and custom status in the JSON the embedded host uses (SpecLoader's options).
builder.Services.Configure<WorkerOptions>(options => options.Serializer = DurableJson.Serializer);

// Core: connections from configuration (app settings, Key Vault references), services, every activity by name.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new ConnectionResolver(sp.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton(sp => new MigrationServices(sp.GetRequiredService<ConnectionResolver>()));
builder.Services.AddSingleton(sp => ActivityCatalog.Create(sp.GetRequiredService<MigrationServices>()));
builder.Services.AddSingleton<CoreActivities>();

var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource(MigrationTelemetry.Name))
    .WithMetrics(metrics => metrics.AddMeter(MigrationTelemetry.Name));
if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("APPLICATIONINSIGHTS_CONNECTION_STRING")))
    // Application Insights has local auth off: the exporter signs in as the app's user-assigned identity.
    telemetry.UseAzureMonitorExporter(options => options.Credential = AppCredential());

builder.Build().Run();

static TokenCredential AppCredential() =>
    Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential();
