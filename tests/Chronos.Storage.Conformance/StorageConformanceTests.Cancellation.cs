using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Every method honours an already-cancelled token, and a cancelled write writes nothing.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Every <see cref="IStorage"/> method, by name: the cases of the per-method theories.</summary>
    public static TheoryData<string> StorageMethods => new()
    {
        nameof(IStorage.CreateSessionAsync),
        nameof(IStorage.GetSessionAsync),
        nameof(IStorage.UpdateSessionAsync),
        nameof(IStorage.ListSessionsAsync),
        nameof(IStorage.DeleteSessionAsync),
        nameof(IStorage.PutMemoryAsync),
        nameof(IStorage.GetMemoryAsync),
        nameof(IStorage.ListMemoryAsync),
        nameof(IStorage.DeleteMemoryAsync),
        nameof(IStorage.InsertAuditLogAsync),
        nameof(IStorage.ListAuditLogsAsync),
        nameof(IStorage.ListSessionAuditLogsAsync),
        nameof(IStorage.GetTraceAsync),
        nameof(IStorage.InsertTraceAsync),
        nameof(IStorage.ListTracesAsync),
        nameof(IStorage.AppendEventAsync),
        nameof(IStorage.ListEventsAsync),
        nameof(IStorage.SaveCheckpointAsync),
        nameof(IStorage.GetCheckpointAsync),
        nameof(IStorage.GetLatestCheckpointAsync),
        nameof(IStorage.ListCheckpointsAsync),
        nameof(IStorage.MigrateAsync),
        nameof(IStorage.PruneAsync),
    };

    /// <summary>A valid call of the named method, made with <paramref name="token"/> on <paramref name="store"/> (default <see cref="Store"/>).</summary>
    private Func<Task> ValidCall(string method, CancellationToken token, IStorage? store = null)
    {
        var target = store ?? Store;
        var agent = NewId("agent");
        var session = NewId("s");
        return method switch
        {
            nameof(IStorage.CreateSessionAsync) => () => target.CreateSessionAsync(SessionOf(NewId("s-created"), agent, At(1)), token),
            nameof(IStorage.GetSessionAsync) => () => target.GetSessionAsync(session, token),
            nameof(IStorage.UpdateSessionAsync) => () => target.UpdateSessionAsync(SessionOf(session, agent, At(1)) with { Version = 1 }, token),
            nameof(IStorage.ListSessionsAsync) => () => target.ListSessionsAsync(agent, 10, 0, token),
            nameof(IStorage.DeleteSessionAsync) => () => target.DeleteSessionAsync(session, token),
            nameof(IStorage.PutMemoryAsync) => () => target.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1)), token),
            nameof(IStorage.GetMemoryAsync) => () => target.GetMemoryAsync(agent, "k", token),
            nameof(IStorage.ListMemoryAsync) => () => target.ListMemoryAsync(agent, MemoryKind.LongTerm, token),
            nameof(IStorage.DeleteMemoryAsync) => () => target.DeleteMemoryAsync(NewId("m"), token),
            nameof(IStorage.InsertAuditLogAsync) => () => target.InsertAuditLogAsync(AuditOf(NewId("a"), agent, session, At(1)), token),
            nameof(IStorage.ListAuditLogsAsync) => () => target.ListAuditLogsAsync(agent, 10, token),
            nameof(IStorage.ListSessionAuditLogsAsync) => () => target.ListSessionAuditLogsAsync(session, 10, 0, token),
            nameof(IStorage.GetTraceAsync) => () => target.GetTraceAsync(NewId("t"), token),
            nameof(IStorage.InsertTraceAsync) => () => target.InsertTraceAsync(TraceOf(NewId("t"), session, At(1)), token),
            nameof(IStorage.ListTracesAsync) => () => target.ListTracesAsync(session, token),
            nameof(IStorage.AppendEventAsync) => () => target.AppendEventAsync(EventOf(NewId("e"), session), token),
            nameof(IStorage.ListEventsAsync) => () => target.ListEventsAsync(session, 0, token),
            nameof(IStorage.SaveCheckpointAsync) => () => target.SaveCheckpointAsync(CheckpointOf(NewId("c"), session, 1, At(1)), token),
            nameof(IStorage.GetCheckpointAsync) => () => target.GetCheckpointAsync(NewId("c"), token),
            nameof(IStorage.GetLatestCheckpointAsync) => () => target.GetLatestCheckpointAsync(session, token),
            nameof(IStorage.ListCheckpointsAsync) => () => target.ListCheckpointsAsync(session, 10, 0, token),
            nameof(IStorage.MigrateAsync) => () => target.MigrateAsync(token),
            nameof(IStorage.PruneAsync) => () => target.PruneAsync(agent, new RetentionPolicy { Sessions = TimeSpan.FromDays(1) }, dryRun: false, token),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "No such IStorage method."),
        };
    }

    /// <summary>
    /// Each method honours an already-cancelled token before doing any I/O, so a caller that gave up never starts
    /// work it cannot observe.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(StorageMethods))]
    public async Task ACancelledTokenCancelsTheCall(string method)
    {
        // UpdateSessionAsync needs a session at version 1 to succeed with a live token.
        await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(ValidCall(method, cancelled.Token));

        // The same call with a live token still works: the failure was the token, not the call.
        await ValidCall(method, CancellationToken.None)();
    }

    /// <summary>
    /// A write cancelled before it starts must leave the store as it was; a half-written record would break the
    /// ledger's no-gap rule.
    /// </summary>
    [ConformanceFact]
    public async Task CancelledWritesWriteNothing()
    {
        var agent = NewId("agent");
        var session = NewId("s");
        var created = await Store.CreateSessionAsync(SessionOf(session, agent, At(1)));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var token = cancelled.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateSessionAsync(SessionOf(NewId("s2"), agent, At(1)), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.UpdateSessionAsync(created with { Status = "cancelled" }, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.DeleteSessionAsync(session, token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendEventAsync(EventOf(NewId("e"), session), token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1), new JsonObject()), token));

        Assert.Null(await Store.GetSessionAsync(NewId("s2")));
        RecordAssert.Same(created, await Store.GetSessionAsync(session));
        Assert.Empty(await Store.ListEventsAsync(session));
        Assert.Null(await Store.GetMemoryAsync(agent, "k"));
    }
}
