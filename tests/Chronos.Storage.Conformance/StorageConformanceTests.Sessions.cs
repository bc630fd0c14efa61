using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Sessions: create, get, optimistic update, newest-first listing.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// A new session starts at version 1 and every field, including times to the microsecond and JSON metadata, reads
    /// back exactly.
    /// </summary>
    [ConformanceFact]
    public async Task CreateSessionStoresVersionOneAndGetReadsEveryField()
    {
        var input = SessionOf(NewId("s"), NewId("agent"), At(1)) with { Version = 42 };

        var created = await Store.CreateSessionAsync(input);

        Assert.Equal(1, created.Version);
        var expected = input with { Version = 1 };
        RecordAssert.Same(expected, created);
        RecordAssert.Same(expected, await Store.GetSessionAsync(input.Id));
    }

    /// <summary>Omitted times are filled by the engine with one instant, so created and updated start equal.</summary>
    [ConformanceFact]
    public async Task CreateSessionWithoutTimesUsesNowForBoth()
    {
        var before = StorageTime.UtcNow();
        var created = await Store.CreateSessionAsync(new Session { Id = NewId("s"), AgentId = NewId("agent") });
        var after = StorageTime.UtcNow();

        Assert.InRange(created.CreatedAt, before, after);
        Assert.Equal(DateTimeKind.Utc, created.CreatedAt.Kind);
        Assert.Equal(0, created.CreatedAt.Ticks % StorageTime.TicksPerMicrosecond);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        RecordAssert.Same(created, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>
    /// Creating never overwrites: a taken id is a DuplicateKeyException and the stored session is unchanged.
    /// </summary>
    [ConformanceFact]
    public async Task CreateSessionWithTakenIdThrowsDuplicateKeyAndKeepsTheFirst()
    {
        var first = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            Store.CreateSessionAsync(SessionOf(first.Id, NewId("other-agent"), At(2)) with { Status = "hijacked" }));

        Assert.Equal(first.Id, error.Key);
        Assert.Equal(nameof(Session), error.Entity);
        RecordAssert.Same(first, await Store.GetSessionAsync(first.Id));
    }

    /// <summary>A missing session is null, not an exception.</summary>
    [ConformanceFact]
    public async Task GetMissingSessionReturnsNull()
    {
        Assert.Null(await Store.GetSessionAsync(NewId("missing")));
    }

    /// <summary>An update from the current version stores version + 1 and a new update time.</summary>
    [ConformanceFact]
    public async Task UpdateSessionWithCurrentVersionStoresNextVersionAndNewUpdatedAt()
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        var before = StorageTime.UtcNow();

        var updated = await Store.UpdateSessionAsync(created with
        {
            Status = SessionStatus.Ended,
            Metadata = new JsonObject { ["summary"] = "done", ["turns"] = 7 },
        });

        Assert.Equal(2, updated.Version);
        Assert.Equal(SessionStatus.Ended, updated.Status);
        Assert.True(updated.UpdatedAt >= before, $"UpdatedAt {updated.UpdatedAt:O} is before the call ({before:O}).");
        RecordAssert.Time(created.CreatedAt, updated.CreatedAt, "CreatedAt after update");
        RecordAssert.Same(updated, await Store.GetSessionAsync(created.Id));

        var third = await Store.UpdateSessionAsync(updated with { UserId = "someone-else" });
        Assert.Equal(3, third.Version);
        RecordAssert.Same(third, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>
    /// A stale version is a ConcurrencyConflictException naming both versions, and the stored session is unchanged.
    /// </summary>
    [ConformanceFact]
    public async Task UpdateSessionWithStaleVersionThrowsConflictAndChangesNothing()
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        var current = await Store.UpdateSessionAsync(created with { Status = "step-1" });

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.UpdateSessionAsync(created with { Status = "stale-writer", Metadata = new JsonObject { ["lost"] = true } }));

        Assert.Equal(1, error.ExpectedVersion);
        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(created.Id, error.Key);
        RecordAssert.Same(current, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>A version ahead of the stored one is as wrong as a stale one; only an exact match may update.</summary>
    [ConformanceFact]
    public async Task UpdateSessionWithFutureVersionThrowsConflict()
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateSessionAsync(created with { Version = 5, Status = "x" }));

        RecordAssert.Same(created, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>
    /// Updating a session that does not exist is a conflict; it must not create one as an upsert would.
    /// </summary>
    [ConformanceFact]
    public async Task UpdateMissingSessionThrowsConflictAndCreatesNothing()
    {
        var ghost = SessionOf(NewId("ghost"), NewId("agent"), At(1)) with { Version = 1 };

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpdateSessionAsync(ghost));

        Assert.Null(error.ActualVersion);
        Assert.Null(await Store.GetSessionAsync(ghost.Id));
    }

    /// <summary>
    /// Optimistic concurrency holds under a race: of several updates from the same version exactly one succeeds, the
    /// others get a conflict.
    /// </summary>
    [ConformanceFact]
    public async Task ConcurrentUpdatesOfOneVersionLetExactlyOneWin()
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                return (Session?)await Store.UpdateSessionAsync(created with { Status = "writer-" + i });
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(attempts, a => a is not null);
        Assert.Equal(2, winner!.Version);
        RecordAssert.Same(winner, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>An agent sees only its own sessions, newest first with the id as tie-breaker.</summary>
    [ConformanceFact]
    public async Task ListSessionsIsNewestFirstThenIdDescendingAndOnlyTheAgents()
    {
        var agent = NewId("agent");
        // Inserted out of order; two share a CreatedAt so the id breaks the tie.
        string[] createdOrder = ["c", "a", "e", "b", "d"];
        var times = new Dictionary<string, DateTime> { ["a"] = At(1), ["b"] = At(3), ["c"] = At(2), ["d"] = At(3), ["e"] = At(5) };
        foreach (var name in createdOrder)
        {
            await Store.CreateSessionAsync(SessionOf(NewId(name), agent, times[name]));
        }
        await Store.CreateSessionAsync(SessionOf(NewId("other"), NewId("other-agent"), At(9)));

        var listed = await Store.ListSessionsAsync(agent, 100);

        Assert.Equal([NewId("e"), NewId("d"), NewId("b"), NewId("c"), NewId("a")], listed.Select(s => s.Id));
        RecordAssert.Same(SessionOf(NewId("d"), agent, At(3)) with { Version = 1 }, listed[1]);
    }

    /// <summary>
    /// Paging is applied to the ordered list (offset skips, limit bounds), so pages are stable and disjoint.
    /// </summary>
    [ConformanceTheory]
    [InlineData(2, 0, "e,d")]
    [InlineData(2, 2, "c,b")]
    [InlineData(2, 4, "a")]
    [InlineData(3, 1, "d,c,b")]
    [InlineData(1, 0, "e")]
    [InlineData(1000, 0, "e,d,c,b,a")]
    [InlineData(10, 5, "")]
    [InlineData(10, 50, "")]
    public async Task ListSessionsAppliesLimitThenOffsetInOrder(int limit, int offset, string expected)
    {
        var agent = NewId("agent");
        string[] names = ["a", "b", "c", "d", "e"];
        for (var i = 0; i < names.Length; i++)
        {
            await Store.CreateSessionAsync(SessionOf(NewId(names[i]), agent, At(i)));
        }

        var listed = await Store.ListSessionsAsync(agent, limit, offset);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(NewId), listed.Select(s => s.Id));
    }

    /// <summary>An unknown agent lists nothing, without error.</summary>
    [ConformanceFact]
    public async Task ListSessionsOfUnknownAgentIsEmpty()
    {
        Assert.Empty(await Store.ListSessionsAsync(NewId("nobody"), 10));
    }
}
