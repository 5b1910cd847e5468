using System.Text.Json;
using Microsoft.DurableTask.Worker;

namespace Orchestrator.TaskHubHost;

/// <summary>
/// The orchestration versioning the Functions host reads from host.json (extensions.durableTask: defaultVersion,
/// versionMatchStrategy, versionFailureStrategy), for the SDK's worker and clients, which the host configures the same
/// way: an orchestration started without a version gets defaultVersion, and the worker, whose version is defaultVersion,
/// runs only the orchestrations whose version the strategy matches. Absent settings take the host's defaults.
/// </summary>
public sealed record HostVersioning(
    string DefaultVersion, DurableTaskWorkerOptions.VersionMatchStrategy Match, DurableTaskWorkerOptions.VersionFailureStrategy Failure)
{
    /// <summary>The host.json published with the app (the Functions project copies it beside the binaries).</summary>
    public static HostVersioning Published { get; } = Read(Path.Combine(AppContext.BaseDirectory, "host.json"));

    public static HostVersioning Read(string hostJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var durable = document.RootElement.GetProperty("extensions").GetProperty("durableTask");
        string Setting(string name, string absent) => durable.TryGetProperty(name, out var value) ? value.GetString() ?? absent : absent;
        return new HostVersioning(
            Setting("defaultVersion", ""),
            Enum.Parse<DurableTaskWorkerOptions.VersionMatchStrategy>(Setting("versionMatchStrategy", "CurrentOrOlder"), ignoreCase: true),
            Enum.Parse<DurableTaskWorkerOptions.VersionFailureStrategy>(Setting("versionFailureStrategy", "Reject"), ignoreCase: true));
    }

    public DurableTaskWorkerOptions.VersioningOptions Worker => new()
    {
        Version = DefaultVersion, DefaultVersion = DefaultVersion, MatchStrategy = Match, FailureStrategy = Failure,
    };
}
