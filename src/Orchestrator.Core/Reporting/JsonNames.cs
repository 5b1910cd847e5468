using System.Reflection;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Reporting;

/// <summary>An enum value as the JSON spells it (its JsonStringEnumMemberName, else its name), for the text reports.</summary>
public static class JsonNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? value.ToString();
}
