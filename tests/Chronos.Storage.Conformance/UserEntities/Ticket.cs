namespace Chronos.Storage.Conformance;

/// <summary>
/// A user-defined entity (not one of the built-ins), at version 2 of its spec (ticket.schema.yaml): version 1 lives in
/// Chronos.Storage.Conformance.PreviousVersion as <c>TicketV1</c>, mapped to the same entity and storage names.
/// </summary>
[StorageEntity("Ticket")]
public sealed partial record Ticket
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

    /// <summary>Added in version 2 (default "open" for tickets stored before).</summary>
    public string Status { get; init; } = "open";
}
