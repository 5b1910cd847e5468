using System.Text.Json;

namespace Orchestrator.Tests.Cli;

/// <summary>
/// The migrator's runtime settings that eng/bench measured: they live in its runtimeconfig.json,
/// which the build copies beside this test, and a project edit that drops one would otherwise go unnoticed.
/// </summary>
public class RuntimeConfigTests
{
    static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "migrator.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void Lukewarm_methods_stay_off_tier_one_until_1500_calls()
    {
        var threshold = ConfigProperties().GetProperty("System.Runtime.TieredCompilation.CallCountThreshold");
        Assert.Equal("1500", threshold.ValueKind == JsonValueKind.Number ? threshold.GetRawText() : threshold.GetString());
    }

    [Fact]
    public void Profile_guided_recompilation_is_off()
    {
        Assert.False(ConfigProperties().GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
