namespace Chronos.Agents;

/// <summary>Options of <see cref="ChronosAgentSessionStore"/>.</summary>
public sealed class ChronosAgentSessionStoreOptions
{
    /// <summary>
    /// Partition names every <see cref="Microsoft.Agents.AI.AgentSessionStoreKey"/> must carry (for example
    /// <c>["tenant", "user"]</c>): a key without one of them is refused with an <see cref="ArgumentException"/> before
    /// any I/O, so no read or write can happen outside an isolation scope by omission. Default: none required.
    /// </summary>
    public IReadOnlyList<string> RequiredPartitions { get; set; } = [];

    /// <summary>
    /// The partition whose value is recorded as the Chronos <see cref="Chronos.Storage.Session.UserId"/> (for queries
    /// and audits outside MAF); default <c>user</c>. Identity never depends on it: every partition is part of the key.
    /// </summary>
    public string UserPartition { get; set; } = "user";
}
