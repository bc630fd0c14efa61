using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// The generic store behind <see cref="IStorage.Entities{TEntity}"/>, which applications use for their own records:
/// insert, get, upsert, optimistic update, index listing with after/limit/offset, delete and delete-matching.
/// </summary>
public abstract partial class StorageConformanceTests
{
    private Session EntitySession(string name, string agent, int second) =>
        SessionOf(NewId(name), agent, At(second)) with { UpdatedAt = At(second), Version = 1 };

    /// <summary>
    /// The generic entity store, the seam every adapter implements, stores, reads and deletes one record exactly.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreInsertGetDeleteRoundTrip()
    {
        var sessions = Store.Entities<Session>();
        var session = EntitySession("s", NewId("agent"), 1);

        await sessions.InsertAsync(session);

        RecordAssert.Same(session, await sessions.GetAsync(session.Id));
        Assert.True(await sessions.DeleteAsync(session.Id));
        Assert.False(await sessions.DeleteAsync(session.Id));
        Assert.Null(await sessions.GetAsync(session.Id));
    }

    /// <summary>Insert through the generic store never overwrites; a taken key is a DuplicateKeyException.</summary>
    [ConformanceFact]
    public async Task EntityStoreInsertOfTakenKeyThrowsDuplicateKey()
    {
        var sessions = Store.Entities<Session>();
        var session = EntitySession("s", NewId("agent"), 1);
        await sessions.InsertAsync(session);

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() => sessions.InsertAsync(session with { Status = "other" }));

        Assert.Equal(session.Id, error.Key);
        RecordAssert.Same(session, await sessions.GetAsync(session.Id));
    }

    /// <summary>
    /// Upsert creates a missing record and replaces an existing one whole, leaving no field of the old version
    /// behind.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreUpsertInsertsThenReplaces()
    {
        var sessions = Store.Entities<Session>();
        var session = EntitySession("s", NewId("agent"), 1);

        await sessions.UpsertAsync(session);
        var replaced = session with { Status = SessionStatus.Ended, Metadata = new JsonObject { ["v"] = 2 } };
        await sessions.UpsertAsync(replaced);

        RecordAssert.Same(replaced, await sessions.GetAsync(session.Id));
    }

    /// <summary>
    /// TryUpdate succeeds only when the stored concurrency field matches and then increments it; a stale one changes
    /// nothing.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreTryUpdateChecksAndBumpsTheConcurrencyField()
    {
        var sessions = Store.Entities<Session>();
        var session = EntitySession("s", NewId("agent"), 1);
        await sessions.InsertAsync(session);

        Assert.True(await sessions.TryUpdateAsync(session with { Status = "v2" }));
        Assert.False(await sessions.TryUpdateAsync(session with { Status = "stale" }));
        Assert.False(await sessions.TryUpdateAsync(EntitySession("missing", session.AgentId, 1)));

        RecordAssert.Same(session with { Status = "v2", Version = 2 }, await sessions.GetAsync(session.Id));
        Assert.Null(await sessions.GetAsync(NewId("missing")));
    }

    /// <summary>
    /// Index listing through the generic store follows the declared sort order and pages with limit and offset.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreListsAlongAnIndexWithLimitAndOffset()
    {
        var sessions = Store.Entities<Session>();
        var agent = NewId("agent");
        for (var i = 1; i <= 4; i++)
        {
            await sessions.InsertAsync(EntitySession("s" + i, agent, i));
        }
        await sessions.InsertAsync(EntitySession("x", NewId("other-agent"), 9));

        var all = await sessions.ListAsync(new IndexQuery(SessionIndexes.ByAgent, agent));
        var page = await sessions.ListAsync(new IndexQuery(SessionIndexes.ByAgent, agent) { Limit = 2, Offset = 1 });

        Assert.Equal([NewId("s4"), NewId("s3"), NewId("s2"), NewId("s1")], all.Select(s => s.Id));
        Assert.Equal([NewId("s3"), NewId("s2")], page.Select(s => s.Id));
        RecordAssert.Same(EntitySession("s3", agent, 3), page[0]);
    }

    /// <summary>
    /// The 'after' cursor is exclusive, so a reader that resumes after the last seen value neither repeats nor skips
    /// a record.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreListsStrictlyAfterAValueOfTheFirstSortKey()
    {
        var events = Store.Entities<Event>();
        var session = NewId("s");
        for (var i = 1; i <= 5; i++)
        {
            await events.InsertAsync(EventOf(NewId("e" + i), session, seqNum: i));
        }

        var after = await events.ListAsync(new IndexQuery(EventIndexes.BySession, session) { After = 2L, Limit = 2 });

        Assert.Equal([3L, 4L], after.Select(e => e.SeqNum));
        RecordAssert.Same(EventOf(NewId("e3"), session, 3), after[0]);
    }

    /// <summary>
    /// The generic store's delete-by-index removes exactly the matching records and reports how many, which the
    /// session cascade relies on.
    /// </summary>
    [ConformanceFact]
    public async Task EntityStoreDeleteMatchingDeletesOnlyMatchesAndCountsThem()
    {
        var memory = Store.Entities<MemoryRecord>();
        var agent = NewId("agent");
        var session = NewId("s");
        await memory.InsertAsync(MemoryOf(NewId("m1"), agent, "k1", MemoryKind.ShortTerm, session, At(1)));
        await memory.InsertAsync(MemoryOf(NewId("m2"), agent, "k2", MemoryKind.ShortTerm, session, At(2)));
        var longTerm = MemoryOf(NewId("m3"), agent, "k3", MemoryKind.LongTerm, session, At(3));
        await memory.InsertAsync(longTerm);
        var otherSession = MemoryOf(NewId("m4"), agent, "k4", MemoryKind.ShortTerm, NewId("s-other"), At(4));
        await memory.InsertAsync(otherSession);

        var deleted = await memory.DeleteMatchingAsync(MemoryRecordIndexes.BySessionKind, ImmutableArray.Create<IndexValue>(session, MemoryKind.ShortTerm));

        Assert.Equal(2, deleted);
        Assert.Null(await memory.GetAsync(NewId("m1")));
        Assert.Null(await memory.GetAsync(NewId("m2")));
        RecordAssert.Same(longTerm, await memory.GetAsync(longTerm.Id));
        RecordAssert.Same(otherSession, await memory.GetAsync(otherSession.Id));
        Assert.Equal(0, await memory.DeleteMatchingAsync(MemoryRecordIndexes.BySessionKind, ImmutableArray.Create<IndexValue>(session, MemoryKind.ShortTerm)));
    }
}
