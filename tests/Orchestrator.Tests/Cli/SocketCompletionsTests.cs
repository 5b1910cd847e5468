using Orchestrator.Cli;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Cli;

public class SocketCompletionsTests
{
    static MigrationSpec Spec(string dialect) => SpecLoader.Parse($$"""
        { "source": { "dialect": "{{dialect}}", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" } }
        """, SourceDialects.Traits);

    [Theory]
    [InlineData("postgres", null, true)]
    [InlineData("postgres", "", true)]
    [InlineData("sqlserver", null, false)] // SqlClient can block inside its async reads
    [InlineData("oracle", null, false)]    // ODP.NET's async is synchronous underneath
    [InlineData("postgres", "0", false)]   // the user's setting wins, either way
    [InlineData("postgres", "1", false)]   // already set: nothing to do
    public void Only_runs_that_are_async_all_the_way_down_inline_socket_completions(string dialect, string? userSetting, bool inline) =>
        Assert.Equal(inline, SocketCompletions.MayInline(Spec(dialect), userSetting));
}
