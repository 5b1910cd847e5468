using Orchestrator.Core.Sources.Postgres.Changes;

namespace Orchestrator.Tests.Sync;

public class CaptureNamesTests
{
    [Fact]
    public void Slot_names_keep_a_plain_id_and_make_any_other_id_distinct_and_valid()
    {
        Assert.Equal("migrator_mig_1", CaptureNames.For("mig_1"));
        var folded = CaptureNames.For("Mig-1");
        Assert.Matches("^migrator_mig_1_[0-9a-f]{12}$", folded);
        Assert.NotEqual(folded, CaptureNames.For("mig-1"));   // folding alone would make these the same slot
        Assert.NotEqual(CaptureNames.For("m:reverse"), CaptureNames.For("m"));
        var longId = CaptureNames.For(new string('a', 80));
        Assert.True(longId.Length <= 63, longId);
        Assert.Matches("^[a-z0-9_]+$", longId);
    }
}
