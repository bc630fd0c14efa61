using Amazon.DynamoDBv2.Model;

namespace Chronos.Storage.Dynamo;

/// <summary>TransactWriteItems with the outcome as data: which parts failed their condition, or whether to retry.</summary>
internal static class DynamoTransactions
{
    /// <summary>DynamoDB's cancellation code for a failed condition expression.</summary>
    public const string ConditionalCheckFailed = "ConditionalCheckFailed";

    /// <summary>Runs the transaction; null on success, else one cancellation reason per item (in request order).</summary>
    public static async Task<IReadOnlyList<CancellationReason>?> TryWriteAsync(
        DynamoContext context, string operation, List<TransactWriteItem> items, CancellationToken cancellationToken)
    {
        try
        {
            await context.CallAsync(operation, new TransactWriteItemsRequest { TransactItems = items },
                static (c, r, ct) => c.TransactWriteItemsAsync(r, ct), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TransactionCanceledException ex)
        {
            return ex.CancellationReasons is { Count: > 0 } reasons ? reasons : ParseReasons(ex.Message, items.Count);
        }
        catch (TransactionConflictException)
        {
            // Another transaction held an item: nothing was written; the caller retries.
            return Enumerable.Range(0, items.Count).Select(_ => new CancellationReason { Code = "TransactionConflict" }).ToList();
        }
    }

    /// <summary>True when the item at <paramref name="index"/> failed its condition.</summary>
    public static bool Failed(IReadOnlyList<CancellationReason> reasons, int index) =>
        index < reasons.Count && reasons[index].Code == ConditionalCheckFailed;

    /// <summary>Waits a little, more each attempt, with jitter, so that contending writers spread out.</summary>
    public static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, Math.Min(1 << Math.Min(attempt, 6), 50) + 1)), cancellationToken);

    /// <summary>Thrown when contention outlasts <see cref="DynamoStorageOptions.MaxWriteAttempts"/>.</summary>
    public static TransientStorageException Exhausted(string operation, int attempts) =>
        new(DynamoContext.Backend, operation, new TimeoutException($"the write was contended by other writers {attempts} times in a row"));

    // Older servers (and some emulators) put the reasons only in the message: "... reasons [None, ConditionalCheckFailed]".
    private static List<CancellationReason> ParseReasons(string message, int count)
    {
        var start = message.LastIndexOf('[');
        var end = message.LastIndexOf(']');
        var codes = start >= 0 && end > start ? message[(start + 1)..end].Split(',', StringSplitOptions.TrimEntries) : [];
        return Enumerable.Range(0, count).Select(i => new CancellationReason { Code = i < codes.Length ? codes[i] : "Unknown" }).ToList();
    }
}
