using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.Core.Telemetry;
using Orchestrator.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

// The function classes' services and the worker's serializer (the project's JSON), registered as the tests register them.
builder.Services.AddMigrationFunctions();

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
