namespace Orchestrator.Core; internal static class Placeholder {}
