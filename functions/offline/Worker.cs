using System.Collections.Specialized;
using System.Net;
using System.Text;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

// Microsoft.Azure.Functions.Worker(.Core) and the trigger attributes of Worker.Extensions.DurableTask, .Http, .Timer.
namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public class FunctionAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
    {
        public string? Orchestration { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
    {
        public string? Activity { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class DurableClientAttribute : InputBindingAttribute
    {
        public string? TaskHub { get; set; }
        public string? ConnectionName { get; set; }
    }

    public enum AuthorizationLevel { Anonymous = 0, User = 1, Function = 2, System = 3, Admin = 4 }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class HttpTriggerAttribute : TriggerBindingAttribute
    {
        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
        {
            AuthLevel = authLevel;
            Methods = methods;
        }

        public AuthorizationLevel AuthLevel { get; set; }
        public string[]? Methods { get; }
        public string? Route { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class TimerTriggerAttribute(string schedule) : TriggerBindingAttribute
    {
        public string Schedule { get; } = schedule;
        public bool RunOnStartup { get; set; }
    }

    public class TimerInfo
    {
        public bool IsPastDue { get; set; }
    }

    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }
        public abstract IServiceProvider InstanceServices { get; set; }
        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    public class WorkerOptions
    {
        public ObjectSerializer? Serializer { get; set; }
    }

    public static class DurableTaskClientExtensions
    {
        public static Task<HttpResponseData> CreateCheckStatusResponseAsync(this DurableTaskClient client, HttpRequestData request,
            string instanceId, CancellationToken cancellation = default) => throw new NotSupportedException("offline reference surface");
    }
}

namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    public abstract class BindingAttribute : Attribute;

    public abstract class TriggerBindingAttribute : BindingAttribute;

    public abstract class InputBindingAttribute : BindingAttribute;
}

namespace Microsoft.Azure.Functions.Worker.Http
{
    public abstract class HttpRequestData(FunctionContext functionContext)
    {
        public abstract Stream Body { get; }
        public abstract Uri Url { get; }
        public abstract string Method { get; }
        public abstract HttpResponseData CreateResponse();
        public virtual NameValueCollection Query => [];
        public FunctionContext FunctionContext { get; } = functionContext;
    }

    public abstract class HttpResponseData(FunctionContext functionContext)
    {
        public abstract HttpStatusCode StatusCode { get; set; }
        public abstract Stream Body { get; set; }
        public FunctionContext FunctionContext { get; } = functionContext;
    }

    public static class HttpRequestDataExtensions
    {
        public static HttpResponseData CreateResponse(this HttpRequestData request, HttpStatusCode statusCode)
        {
            var response = request.CreateResponse();
            response.StatusCode = statusCode;
            return response;
        }
    }

    public static class HttpResponseDataExtensions
    {
        // The real one serializes with WorkerOptions.Serializer and sets the status to 200 OK.
        public static async ValueTask WriteAsJsonAsync<T>(this HttpResponseData response, T instance, CancellationToken cancellationToken = default)
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(response.Body, instance, cancellationToken: cancellationToken);
            response.StatusCode = HttpStatusCode.OK;
        }

        public static Task WriteStringAsync(this HttpResponseData response, string value, Encoding? encoding = null) =>
            response.Body.WriteAsync((encoding ?? Encoding.UTF8).GetBytes(value)).AsTask();
    }
}
