namespace Chronos.Storage.Conformance.PreviousVersion;

/// <summary>Version 1 of the conformance kit's <c>Ticket</c> entity: no status field, no by_status index.</summary>
[StorageEntity("Ticket")]
public sealed partial record TicketV1
{
    /// <summary>Key.</summary>
    public required string Id { get; init; }

    /// <summary>The queue the ticket is in.</summary>
    public required string Queue { get; init; }

    /// <summary>One-line summary.</summary>
    public required string Title { get; init; }

    /// <summary>Higher is more urgent.</summary>
    public int Priority { get; init; }

    /// <summary>When the ticket was opened (UTC).</summary>
    public DateTime OpenedAt { get; init; }
}
