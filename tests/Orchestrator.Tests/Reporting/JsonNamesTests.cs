using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Reporting;

/// <summary>Verdicts, compare modes and difference kinds are enums now; reports and messages keep the strings they had.</summary>
public class JsonNamesTests
{
    static string Json<T>(T value) => JsonSerializer.Serialize(value, SpecLoader.JsonOptions);

    [Fact]
    public void Enums_in_reports_and_messages_keep_their_old_json_spellings()
    {
        Assert.Equal(["\"pass\"", "\"fail\"", "\"skipped\""], new[] { Verdict.Pass, Verdict.Fail, Verdict.Skipped }.Select(Json));
        Assert.Equal(["\"ranges\"", "\"whole-table\""], new[] { CompareMode.Ranges, CompareMode.WholeTable }.Select(Json));
        Assert.Equal(["\"missing\"", "\"extra\"", "\"different\""],
            new[] { DifferenceKind.Missing, DifferenceKind.Extra, DifferenceKind.Different }.Select(Json));
        Assert.Equal(["\"binary\"", "\"text\""], new[] { CopyFormat.Binary, CopyFormat.Text }.Select(Json));
        Assert.Equal(CompareMode.WholeTable, JsonSerializer.Deserialize<CompareMode>("\"whole-table\"", SpecLoader.JsonOptions));
        Assert.Equal(CopyFormat.Text, JsonSerializer.Deserialize<Orchestrator.Core.Staging.ChunkManifest>(
            JsonSerializer.Serialize(Manifest(), SpecLoader.JsonOptions), SpecLoader.JsonOptions)!.Format);
        Assert.Contains("\"format\": \"text\"", JsonSerializer.Serialize(Manifest(), SpecLoader.JsonOptions));
        var difference = new RowDifference(new JsonObject { ["id"] = 7 }, DifferenceKind.Different) { Columns = ["v"] };
        Assert.Equal("""{"key":{"id":7},"kind":"different","columns":["v"]}""",
            JsonSerializer.Serialize(difference, new JsonSerializerOptions(SpecLoader.JsonOptions) { WriteIndented = false }));
    }

    static Orchestrator.Core.Staging.ChunkManifest Manifest() => new()
    {
        MigrationId = "m1", ChunkId = "c1", Table = new("s", "t"), Range = Orchestrator.Core.Planning.ChunkRange.All, Columns = [],
        DataObject = "c1.bin", Digest = "00", Format = CopyFormat.Text,
    };

    [Fact]
    public void Text_reports_print_the_json_spelling()
    {
        Assert.Equal("whole-table", JsonNames.Of(CompareMode.WholeTable));
        Assert.Equal("skipped", JsonNames.Of(Verdict.Skipped));
        Assert.Equal("missing", JsonNames.Of(DifferenceKind.Missing));
    }
}
