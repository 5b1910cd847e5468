namespace Orchestrator.Core.Spec;

/// <summary>Checks values the JSON shape cannot: each problem is "json.path: what is wrong".</summary>
public static class SpecValidator
{
    public static readonly IReadOnlyList<string> Dialects = ["postgres", "sqlserver", "oracle"];
    public static readonly IReadOnlyList<string> TargetKinds = ["postgres"];
    static readonly string[] StagingKinds = ["local", "blob"];
    static readonly string[] IfExistsChoices = ["fail", "truncate"];

    /// <param name="dialects">What each source dialect is known to allow, by its name (the engine's SourceDialects.Traits).</param>
    public static List<string> Validate(MigrationSpec spec, IReadOnlyDictionary<string, Sources.SourceTraits> dialects)
    {
        var problems = new List<string>();
        void Check(bool ok, string problem) { if (!ok) problems.Add(problem); }

        Check(Dialects.Contains(spec.Source.Dialect),
            $"source.dialect: unknown dialect '{spec.Source.Dialect}' (expected one of {string.Join(", ", Dialects)})");
        CheckName(spec.Source.Connection, "source.connection", problems);
        Check(spec.Source.NulCharacters is "fail" or "strip" or "reject",
            $"source.nulCharacters: '{spec.Source.NulCharacters}' is not one of fail, strip, reject");
        Check(TargetKinds.Contains(spec.Target.Kind),
            $"target.kind: unknown kind '{spec.Target.Kind}' (expected one of {string.Join(", ", TargetKinds)})");
        CheckName(spec.Target.Connection, "target.connection", problems);
        Check(IfExistsChoices.Contains(spec.Target.IfExists),
            $"target.ifExists: '{spec.Target.IfExists}' is not one of {string.Join(", ", IfExistsChoices)}");

        var staging = spec.Staging;
        Check(StagingKinds.Contains(staging.Kind),
            $"staging.kind: unknown kind '{staging.Kind}' (expected local or blob)");
        if (staging.Kind == "local")
        {
            Check(!string.IsNullOrWhiteSpace(staging.Path), "staging.path: required when staging.kind is local");
            Check(staging.Connection is null && staging.Container is null,
                "staging: connection and container belong to staging.kind blob, not local");
        }
        if (staging.Kind == "blob")
        {
            CheckName(staging.Connection, "staging.connection", problems);
            Check(staging.Container is { } c && IsContainerName(c),
                $"staging.container: '{staging.Container}' is not a valid blob container name (3-63 lower-case " +
                "letters, digits and single hyphens)");
            Check(staging.Path is null, "staging.path: belongs to staging.kind local, not blob");
        }
        Check(staging.CompressionLevel is null or (>= -7 and <= 19),
            "staging.compressionLevel: must be between -7 (zstd's fastest) and 19, 0 for no compression, or left out to choose per chunk");

        Check(spec.Tables.Include.Count > 0, "tables.include: must name at least one pattern (use \"*\" for all)");
        for (var i = 0; i < spec.Tables.Include.Count; i++)
            Check(!string.IsNullOrWhiteSpace(spec.Tables.Include[i]), $"tables.include[{i}]: empty pattern");
        for (var i = 0; i < spec.Tables.Exclude.Count; i++)
            Check(!string.IsNullOrWhiteSpace(spec.Tables.Exclude[i]), $"tables.exclude[{i}]: empty pattern");

        Check(spec.Chunking.RowsPerChunk > 0, $"chunking.rowsPerChunk: must be > 0 (got {spec.Chunking.RowsPerChunk})");
        Check(spec.Chunking.BytesPerChunk >= 1 << 20,
            $"chunking.bytesPerChunk: must be at least 1048576 (1 MiB; got {spec.Chunking.BytesPerChunk})");
        Check(spec.Chunking.MaxParallel is > 0 and <= 64,
            $"chunking.maxParallel: must be between 1 and 64 (got {spec.Chunking.MaxParallel})");
        Check(spec.Watchdog.StallSeconds is >= 1 and <= 86_400,
            $"watchdog.stallSeconds: must be between 1 and 86400 (a day; got {spec.Watchdog.StallSeconds})");
        NamingSpecValidator.Validate(spec, dialects.GetValueOrDefault(spec.Source.Dialect), problems);
        RulesValidator.Validate(spec, problems);
        SyncSpec.Validate(spec.Sync, problems);
        CompareSpecValidator.Validate(spec, problems);
        return problems;
    }

    static void CheckName(string? name, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(name)) { problems.Add($"{path}: required (the name of a configured connection)"); return; }
        // A connection string pasted into the spec would leak a secret into history and logs.
        if (name.Contains('=') || name.Contains(';') || name.Contains("://", StringComparison.Ordinal))
            problems.Add($"{path}: must be a connection name, not a connection string; put the string in " +
                "configuration as ConnectionStrings__<Name>");
        else if (!name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.'))
            problems.Add($"{path}: '{name}' may use only letters, digits, '_', '-' and '.'");
    }

    static bool IsContainerName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')
        && !name.StartsWith('-') && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal);
}
