namespace Orchestrator.Tests.Style;

/// <summary>
/// Every C# line in src/, functions/ and tests/ fits in <see cref="MaxLength"/> characters, the limit .editorconfig
/// declares; a failure names each line that does not.
/// </summary>
public class LineLengthTests
{
    const int MaxLength = 140;
    static readonly string[] Roots = ["src", "functions", "tests"];

    [Fact]
    public void No_source_line_is_longer_than_the_limit()
    {
        var root = RepositoryRoot();
        var over = Roots.SelectMany(r => LongLines(root, r)).ToList();
        Assert.True(over.Count == 0,
            $"{over.Count} line(s) longer than {MaxLength} characters; break them:\n{string.Join('\n', over)}");
    }

    [Fact]
    public void The_limit_is_the_one_editorconfig_declares()
    {
        var config = File.ReadAllLines(Path.Combine(RepositoryRoot(), ".editorconfig"));
        Assert.Contains($"max_line_length = {MaxLength}", config);
    }

    [Fact]
    public void A_long_line_is_named_by_file_and_line_and_build_output_is_skipped()
    {
        var root = Directory.CreateTempSubdirectory("line-length-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "A", "obj"));
            Directory.CreateDirectory(Path.Combine(root, "src", "A", "bin"));
            File.WriteAllLines(Path.Combine(root, "src", "A", "Long.cs"),
                ["short", new string('x', MaxLength), new string('x', MaxLength + 1)]);
            File.WriteAllText(Path.Combine(root, "src", "A", "obj", "Generated.cs"), new string('x', MaxLength + 1));
            File.WriteAllText(Path.Combine(root, "src", "A", "bin", "Copied.cs"), new string('x', MaxLength + 1));
            File.WriteAllText(Path.Combine(root, "src", "A", "Notes.md"), new string('x', MaxLength + 1));

            var over = LongLines(root, "src");

            Assert.Equal([$"src/A/Long.cs:3 ({MaxLength + 1} characters)"], over);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>"path:line (n characters)" for each .cs line under <paramref name="folder"/> over the limit; obj/, bin/ skipped.</summary>
    static List<string> LongLines(string root, string folder)
    {
        var start = Path.Combine(root, folder);
        if (!Directory.Exists(start)) return [];
        return Directory.EnumerateFiles(start, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal)
            .SelectMany(path => File.ReadLines(Path.Combine(root, path))
                .Select((line, i) => (Line: i + 1, line.Length))
                .Where(l => l.Length > MaxLength)
                .Select(l => $"{path}:{l.Line} ({l.Length} characters)"))
            .ToList();
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
