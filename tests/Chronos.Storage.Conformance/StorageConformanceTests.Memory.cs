using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Memory: upsert by id, newest by key, listing by kind oldest first, delete.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Every memory field, including the optional session and user, reads back exactly.</summary>
    [ConformanceFact]
    public async Task PutMemoryStoresEveryFieldAndGetMemoryReadsIt()
    {
        var record = MemoryOf(NewId("m"), NewId("agent"), "favourite-colour", MemoryKind.LongTerm, NewId("s"), At(1), JsonNode.Parse("""{"colour":"teal","confidence":0.75}"""));

        var stored = await Store.PutMemoryAsync(record);

        RecordAssert.Same(record, stored);
        RecordAssert.Same(record, await Store.GetMemoryAsync(record.AgentId, record.Key));
    }

    /// <summary>An omitted time is filled with the engine's clock.</summary>
    [ConformanceFact]
    public async Task PutMemoryWithoutCreatedAtUsesNow()
    {
        var before = StorageTime.UtcNow();
        var stored = await Store.PutMemoryAsync(MemoryOf(NewId("m"), NewId("agent"), "k", MemoryKind.LongTerm, "", default));

        Assert.InRange(stored.CreatedAt, before, StorageTime.UtcNow());
        RecordAssert.Same(stored, await Store.GetMemoryAsync(stored.AgentId, "k"));
    }

    /// <summary>Putting memory with an existing id replaces the whole record.</summary>
    [ConformanceFact]
    public async Task PutMemoryWithSameIdReplacesTheRecord()
    {
        var agent = NewId("agent");
        var first = await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "old-key", MemoryKind.ShortTerm, NewId("s"), At(1)));
        var replacement = MemoryOf(first.Id, agent, "new-key", MemoryKind.LongTerm, "", At(2), JsonNode.Parse("[1,2,3]"));

        await Store.PutMemoryAsync(replacement);

        Assert.Null(await Store.GetMemoryAsync(agent, "old-key"));
        RecordAssert.Same(replacement, await Store.GetMemoryAsync(agent, "new-key"));
        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm));
        RecordAssert.Same(replacement, Assert.Single(await Store.ListMemoryAsync(agent, MemoryKind.LongTerm)));
    }

    /// <summary>
    /// A key lookup returns the newest record for that agent only; other agents' records with the same key are
    /// invisible.
    /// </summary>
    [ConformanceFact]
    public async Task GetMemoryReturnsTheNewestRecordWithThatKeyForThatAgent()
    {
        var agent = NewId("agent");
        await Store.PutMemoryAsync(MemoryOf(NewId("m1"), agent, "plan", MemoryKind.LongTerm, "", At(1)));
        var newest = await Store.PutMemoryAsync(MemoryOf(NewId("m3"), agent, "plan", MemoryKind.LongTerm, "", At(3)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m2"), agent, "plan", MemoryKind.ShortTerm, NewId("s"), At(2)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m9"), NewId("other-agent"), "plan", MemoryKind.LongTerm, "", At(9)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m8"), agent, "other-key", MemoryKind.LongTerm, "", At(8)));

        RecordAssert.Same(newest, await Store.GetMemoryAsync(agent, "plan"));
    }

    /// <summary>
    /// When two memories of one key share a timestamp the id decides, so every backend returns the same one.
    /// </summary>
    [ConformanceFact]
    public async Task GetMemoryBreaksCreatedAtTiesByIdDescending()
    {
        var agent = NewId("agent");
        await Store.PutMemoryAsync(MemoryOf(NewId("m-b"), agent, "k", MemoryKind.LongTerm, "", At(1)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m-c"), agent, "k", MemoryKind.LongTerm, "", At(1)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m-a"), agent, "k", MemoryKind.LongTerm, "", At(1)));

        Assert.Equal(NewId("m-c"), (await Store.GetMemoryAsync(agent, "k"))?.Id);
    }

    /// <summary>A missing key is null, not an exception: absence is a normal answer for memory lookups.</summary>
    [ConformanceFact]
    public async Task GetMemoryOfMissingKeyReturnsNull()
    {
        var agent = NewId("agent");
        await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "present", MemoryKind.LongTerm, "", At(1)));

        Assert.Null(await Store.GetMemoryAsync(agent, "absent"));
        Assert.Null(await Store.GetMemoryAsync(NewId("other-agent"), "present"));
    }

    /// <summary>
    /// Memory lists one kind only, oldest first with the id as tie-breaker, the same order everywhere.
    /// </summary>
    [ConformanceFact]
    public async Task ListMemoryReturnsOneKindOldestFirstThenIdAscending()
    {
        var agent = NewId("agent");
        var session = NewId("s");
        await Store.PutMemoryAsync(MemoryOf(NewId("l3"), agent, "k3", MemoryKind.LongTerm, "", At(3)));
        await Store.PutMemoryAsync(MemoryOf(NewId("l1"), agent, "k1", MemoryKind.LongTerm, "", At(1)));
        await Store.PutMemoryAsync(MemoryOf(NewId("l2b"), agent, "k2", MemoryKind.LongTerm, "", At(2)));
        await Store.PutMemoryAsync(MemoryOf(NewId("l2a"), agent, "k2", MemoryKind.LongTerm, "", At(2)));
        await Store.PutMemoryAsync(MemoryOf(NewId("s1"), agent, "k1", MemoryKind.ShortTerm, session, At(0)));
        await Store.PutMemoryAsync(MemoryOf(NewId("x"), NewId("other-agent"), "k1", MemoryKind.LongTerm, "", At(0)));

        var longTerm = await Store.ListMemoryAsync(agent, MemoryKind.LongTerm);
        var shortTerm = await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm);

        Assert.Equal([NewId("l1"), NewId("l2a"), NewId("l2b"), NewId("l3")], longTerm.Select(m => m.Id));
        RecordAssert.Same(MemoryOf(NewId("s1"), agent, "k1", MemoryKind.ShortTerm, session, At(0)), Assert.Single(shortTerm));
    }

    /// <summary>Deleting by id touches nothing else and is idempotent, so a retried delete is not an error.</summary>
    [ConformanceFact]
    public async Task DeleteMemoryRemovesOnlyThatRecordAndIgnoresMissingIds()
    {
        var agent = NewId("agent");
        var gone = await Store.PutMemoryAsync(MemoryOf(NewId("gone"), agent, "k", MemoryKind.LongTerm, "", At(2)));
        var kept = await Store.PutMemoryAsync(MemoryOf(NewId("kept"), agent, "k", MemoryKind.LongTerm, "", At(1)));

        await Store.DeleteMemoryAsync(gone.Id);
        await Store.DeleteMemoryAsync(gone.Id);
        await Store.DeleteMemoryAsync(NewId("never-existed"));

        RecordAssert.Same(kept, await Store.GetMemoryAsync(agent, "k"));
        Assert.Equal([kept.Id], (await Store.ListMemoryAsync(agent, MemoryKind.LongTerm)).Select(m => m.Id));
    }

    /// <summary>A memory write refused by validation leaves nothing stored.</summary>
    [ConformanceFact]
    public async Task RejectedMemoryWritesStoreNothing()
    {
        var agent = NewId("agent");

        await Assert.ThrowsAsync<StorageArgumentException>(() =>
            Store.PutMemoryAsync(MemoryOf(NewId("m1"), agent, "k", "medium_term", "", At(1))));
        await Assert.ThrowsAsync<StorageArgumentException>(() =>
            Store.PutMemoryAsync(MemoryOf(NewId("m2"), agent, "k", MemoryKind.ShortTerm, "", At(1))));

        Assert.Null(await Store.GetMemoryAsync(agent, "k"));
        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm));
        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.LongTerm));
    }
}
