using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Connections;

/// <summary>
/// The one place that turns a connection name from the spec into a connection string, from configuration:
/// ConnectionStrings__NAME (environment), ConnectionStrings:NAME (app settings, Key Vault references)
/// or Connections__NAME__ConnectionString.
/// </summary>
public sealed class ConnectionResolver(IConfiguration configuration)
{
    public string Resolve(string name, string specPath)
    {
        var value = TryResolve(name);
        if (string.IsNullOrWhiteSpace(value))
            throw new ConnectionNotConfiguredException(name, specPath);
        return value;
    }

    public string? TryResolve(string name) =>
        configuration.GetConnectionString(name) ?? configuration[$"Connections:{name}:ConnectionString"];

    /// <summary>The salt of pii hash and tokenize: configuration Secrets:PiiSalt (environment Secrets__PiiSalt), never the spec.</summary>
    public byte[]? PiiSalt() =>
        configuration["Secrets:PiiSalt"] is { Length: > 0 } salt ? System.Text.Encoding.UTF8.GetBytes(salt) : null;

    /// <summary>Every connection the spec names must be configured before anything runs.</summary>
    /// <param name="sourceOnly">An assessment reads the source only: the target and staging may not exist yet.</param>
    public void EnsureConfigured(MigrationSpec spec, bool sourceOnly = false)
    {
        var problems = new List<string>();
        void Check(string? name, string path)
        {
            if (name is not null && string.IsNullOrWhiteSpace(TryResolve(name)))
                problems.Add(ConnectionNotConfiguredException.Describe(name, path));
        }
        Check(spec.Source.Connection, "source.connection");
        if (!sourceOnly)
        {
            Check(spec.Target.Connection, "target.connection");
            if (spec.Staging.Kind == "blob") Check(spec.Staging.Connection, "staging.connection");
            for (var i = 0; i < spec.Rules.Count; i++)
                if (spec.Rules[i].Pii is { Transform: "hash" or "tokenize" } && PiiSalt() is null)
                    problems.Add($"rules[{i}].pii: transform {spec.Rules[i].Pii!.Transform} needs a salt; set the " +
                        "environment variable Secrets__PiiSalt " +
                        "(or the app setting Secrets:PiiSalt), and keep it: the same salt gives the same values on every run");
        }
        if (problems.Count > 0) throw new SpecException(problems);
    }
}

public sealed class ConnectionNotConfiguredException(string name, string specPath)
    : Exception(Describe(name, specPath))
{
    public string ConnectionName { get; } = name;

    internal static string Describe(string name, string specPath) =>
        $"{specPath}: connection '{name}' is not configured; set the environment variable ConnectionStrings__{name} " +
        $"(or the app setting ConnectionStrings:{name})";
}
