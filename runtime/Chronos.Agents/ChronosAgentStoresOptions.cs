namespace Chronos.Agents;

/// <summary>Options of <c>AddChronosAgentStores</c>: one set per component.</summary>
public sealed class ChronosAgentStoresOptions
{
    /// <summary>Options of the registered <see cref="ChronosChatHistoryProvider"/>.</summary>
    public ChronosChatHistoryProviderOptions ChatHistory { get; } = new();

    /// <summary>Options of the registered <see cref="ChronosAgentSessionStore"/>.</summary>
    public ChronosAgentSessionStoreOptions Sessions { get; } = new();

    /// <summary>Namespace of workflow session ids in the registered checkpoint store; default the agent id.</summary>
    public string? CheckpointScope { get; set; }
}
