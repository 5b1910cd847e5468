using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

// Microsoft.Azure.Functions.Worker (2.x) builder and Microsoft.Azure.Functions.Worker.OpenTelemetry.
namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw new NotSupportedException("offline reference surface");
    }

    public class FunctionsApplicationBuilder
    {
        FunctionsApplicationBuilder() { }

        public IServiceCollection Services => throw new NotSupportedException("offline reference surface");
        public IHost Build() => throw new NotSupportedException("offline reference surface");
    }
}

namespace Microsoft.Azure.Functions.Worker.OpenTelemetry
{
    public static class ConfigureFunctionsOpenTelemetry
    {
        public static IOpenTelemetryBuilder UseFunctionsWorkerDefaults(this IOpenTelemetryBuilder builder) => builder;
    }
}
