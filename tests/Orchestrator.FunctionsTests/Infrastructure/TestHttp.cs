using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>An HTTP request as the Functions host hands it to a function: method, URL, JSON body.</summary>
sealed class TestHttpRequest(FunctionContext context, string method, string path, string? body = null) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
    public override HttpHeadersCollection Headers { get; } = [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = new($"https://migrations.example.net/api/{path}");
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method { get; } = method;
    public override HttpResponseData CreateResponse() => new TestHttpResponse(FunctionContext);
}

/// <summary>The answer a function gives: status, headers and the body it wrote.</summary>
sealed class TestHttpResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }
    public override HttpHeadersCollection Headers { get; set; } = [];
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies => throw new NotSupportedException();

    public string Text => Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());

    public JsonElement Json => JsonDocument.Parse(Text).RootElement;
}
