namespace Orchestrator.IntegrationTests; public class Smoke { [Fact] public void Works() => Assert.Skip("x"); }
