using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Cli;

/// <summary>
/// Sends the engine's spans and metrics (and Npgsql's) to an OpenTelemetry collector when OTEL_EXPORTER_OTLP_ENDPOINT
/// is set, with the standard OTEL_* variables for protocol and headers. The same names the cloud host sends to
/// Application Insights, so one set of queries serves both.
/// </summary>
static class OtlpTelemetry
{
    public static IDisposable? StartIfConfigured()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))) return null;
        var resource = ResourceBuilder.CreateDefault().AddService("migrator");
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
            .AddSource(MigrationTelemetry.Name, "Npgsql").AddOtlpExporter().Build();
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter(MigrationTelemetry.Name).AddOtlpExporter().Build();
        return new Providers(traces, metrics);
    }

    sealed class Providers(TracerProvider traces, MeterProvider metrics) : IDisposable
    {
        // Dispose flushes what is still buffered, so a short run's spans are not lost.
        public void Dispose()
        {
            traces.Dispose();
            metrics.Dispose();
        }
    }
}
