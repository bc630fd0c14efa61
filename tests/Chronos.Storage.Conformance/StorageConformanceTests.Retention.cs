using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Retention (<see cref="IStorage.PruneAsync"/>) with a fake clock: each rule removes exactly what it should and nothing
/// else, a dry run counts what the real run then removes, lists never return what was pruned, and the ledger keeps
/// numbering after its prefix is gone.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>A clock that stands still until a test moves it.</summary>
    protected sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        /// <summary>The time it reports.</summary>
        public DateTimeOffset Now { get; set; } = now;

        /// <inheritdoc />
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The store's clock replaced by one standing at <paramref name="now"/>.</summary>
    protected ManualClock UseClock(DateTime now)
    {
        var clock = new ManualClock(new DateTimeOffset(now, TimeSpan.Zero));
        ((StorageEngine)Store).TimeProvider = clock;
        return clock;
    }

    private static readonly RetentionPolicy EveryRule = new()
    {
        Sessions = TimeSpan.FromDays(30),
        Events = TimeSpan.FromDays(7),
        Checkpoints = new CheckpointRetention { KeepLatest = 2, MaxAge = TimeSpan.FromDays(14) },
        ShortTermMemory = TimeSpan.FromHours(24),
        AuditLogs = TimeSpan.FromDays(365),
    };

    /// <summary>
    /// One agent with something on each side of every rule: a dry run reports the counts and removes nothing; the real
    /// run removes exactly those records and reports the same counts; everything else, and the other agent, is intact.
    /// </summary>
    [ConformanceFact]
    public async Task EachRulePrunesExactlyWhatItShouldAndADryRunCountsTheSame()
    {
        var now = T0.AddDays(1000);
        UseClock(now);
        DateTime Ago(double days) => now.AddDays(-days);
        var agent = NewId("agent");
        var other = NewId("agent-other");
        var expired = NewId("s-expired");
        var live = NewId("s-live");
        var otherOld = NewId("s-other-old");

        await Store.CreateSessionAsync(SessionOf(expired, agent, Ago(40)) with { UpdatedAt = Ago(31) });
        await Store.CreateSessionAsync(SessionOf(live, agent, Ago(40)) with { UpdatedAt = Ago(1) });
        await Store.CreateSessionAsync(SessionOf(otherOld, other, Ago(40)) with { UpdatedAt = Ago(31) });

        // The expired session's children go with it (uncounted), its audit entry stays.
        await Store.AppendEventAsync(EventOf(NewId("e-expired"), expired, createdAt: Ago(35)));
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("c-expired"), expired, 1, Ago(35)));
        await Store.InsertTraceAsync(TraceOf(NewId("t-expired"), expired, Ago(35)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m-expired"), agent, "k-expired", MemoryKind.ShortTerm, expired, Ago(35)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a-expired-session"), agent, expired, Ago(35)));

        // The live ledger: three old events, a new one, then an old-dated one that is not in the prefix.
        string[] eventDays = ["e1:10", "e2:9", "e3:8", "e4:1", "e5:20"];
        foreach (var spec in eventDays)
        {
            var parts = spec.Split(':');
            await Store.AppendEventAsync(EventOf(NewId(parts[0]), live, createdAt: Ago(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture))));
        }

        // Checkpoints by seq: 6 and 5 are the latest two (kept whatever their age); 4 is young; 3, 2, 1 are old.
        double[] checkpointDays = [20, 19, 18, 3, 30, 30];
        for (var i = 0; i < checkpointDays.Length; i++)
        {
            await Store.SaveCheckpointAsync(CheckpointOf(NewId($"c{i + 1}"), live, i + 1, Ago(checkpointDays[i])));
        }

        await Store.PutMemoryAsync(MemoryOf(NewId("m-old"), agent, "k-old", MemoryKind.ShortTerm, live, Ago(2)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m-young"), agent, "k-young", MemoryKind.ShortTerm, live, now.AddHours(-1)));
        await Store.PutMemoryAsync(MemoryOf(NewId("m-long"), agent, "k-long", MemoryKind.LongTerm, "", Ago(500)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a-old"), agent, live, Ago(400)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a-young"), agent, live, Ago(10)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a-other-old"), other, otherOld, Ago(400)));

        var expected = new PruneReport { Sessions = 1, Events = 3, Checkpoints = 3, ShortTermMemory = 2, AuditLogs = 1 };
        var dry = await Store.PruneAsync(agent, EveryRule, dryRun: true);
        Assert.Equal(expected with { DryRun = true }, dry);

        // The dry run removed nothing.
        Assert.NotNull(await Store.GetSessionAsync(expired));
        Assert.Equal(5, (await Store.ListEventsAsync(live)).Count);
        Assert.Equal(6, (await Store.ListCheckpointsAsync(live, 100)).Count);
        Assert.Equal(3, (await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm)).Count);
        Assert.Equal(3, (await Store.ListAuditLogsAsync(agent, 100)).Count);

        var real = await Store.PruneAsync(agent, EveryRule);
        Assert.Equal(expected, real);

        Assert.Null(await Store.GetSessionAsync(expired));
        Assert.Empty(await Store.ListEventsAsync(expired));
        Assert.Empty(await Store.ListCheckpointsAsync(expired, 100));
        Assert.Empty(await Store.ListTracesAsync(expired));
        Assert.Equal([live], (await Store.ListSessionsAsync(agent, 100)).Select(s => s.Id));
        Assert.Equal([4L, 5L], (await Store.ListEventsAsync(live)).Select(e => e.SeqNum));
        Assert.Equal([6L, 5L, 4L], (await Store.ListCheckpointsAsync(live, 100)).Select(c => c.SeqNum));
        Assert.Null(await Store.GetCheckpointAsync(NewId("c1")));
        Assert.Equal([NewId("m-young")], (await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm)).Select(m => m.Id));
        Assert.Equal([NewId("m-long")], (await Store.ListMemoryAsync(agent, MemoryKind.LongTerm)).Select(m => m.Id));
        Assert.Equal([NewId("a-young"), NewId("a-expired-session")], (await Store.ListAuditLogsAsync(agent, 100)).Select(a => a.Id));

        // The other agent is untouched, and a second run finds nothing left to remove.
        Assert.NotNull(await Store.GetSessionAsync(otherOld));
        Assert.Single(await Store.ListAuditLogsAsync(other, 100));
        Assert.Equal(new PruneReport(), await Store.PruneAsync(agent, EveryRule));
    }

    /// <summary>
    /// Pruning every old event keeps the ledger's last one, so the next append continues after the highest number
    /// ever assigned (on a counter backend and on a highest-stored-number backend alike), and a fenced append at that
    /// number still succeeds. Moving the clock past the last event does not change that.
    /// </summary>
    [ConformanceFact]
    public async Task TheLedgerContinuesAfterItsPrefixIsPruned()
    {
        var clock = UseClock(T0);
        var session = NewId("s");
        for (var i = 1; i <= 4; i++) await Store.AppendEventAsync(EventOf(NewId($"e{i}"), session, createdAt: T0.AddMinutes(i)));
        clock.Now = clock.Now.AddDays(30);

        var report = await Store.PruneAsync(NewId("agent"), new RetentionPolicy { Events = TimeSpan.FromDays(1) });
        Assert.Equal(0, report.Events); // the session is not this agent's: nothing of it is touched

        var agent = NewId("agent2");
        await Store.CreateSessionAsync(SessionOf(session, agent, T0));
        report = await Store.PruneAsync(agent, new RetentionPolicy { Events = TimeSpan.FromDays(1) });
        Assert.Equal(3, report.Events);
        Assert.Equal([4L], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));

        var next = await Store.AppendEventAsync(EventOf(NewId("e5"), session) with { CreatedAt = default }, expectedLastSeq: 4);
        Assert.Equal(5, next.SeqNum);
        Assert.Equal(next.CreatedAt, clock.Now.UtcDateTime); // stamped by the store's clock
        Assert.Equal([4L, 5L], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));

        // Later, everything is old: all but the last go, and numbering still continues.
        clock.Now = clock.Now.AddDays(2);
        Assert.Equal(1, (await Store.PruneAsync(agent, new RetentionPolicy { Events = TimeSpan.FromDays(1) })).Events);
        Assert.Equal(6, (await Store.AppendEventAsync(EventOf(NewId("e6"), session))).SeqNum);
        Assert.Equal([5L, 6L], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>
    /// Pruning walks more than one page (<see cref="StorageEngine.PruneBatchSize"/>) of sessions, ledger and memory with
    /// kept and removed records interleaved, and the dry run still counts exactly what the real run removes.
    /// </summary>
    [ConformanceFact]
    public async Task PruningSpansSeveralPagesAndTheDryRunStillMatches()
    {
        var now = T0.AddDays(100);
        UseClock(now);
        var agent = NewId("agent");
        var pageAndAHalf = StorageEngine.PruneBatchSize * 3 / 2;
        var ledger = NewId("s-ledger");
        await Store.CreateSessionAsync(SessionOf(ledger, agent, now.AddDays(-50)) with { UpdatedAt = now });
        for (var i = 0; i < pageAndAHalf; i++)
        {
            // Every third session is young; the rest expired.
            var age = i % 3 == 0 ? 1 : 40;
            await Store.CreateSessionAsync(SessionOf(NewId($"s{i}"), agent, now.AddDays(-50).AddSeconds(i)) with { UpdatedAt = now.AddDays(-age) });
            await Store.PutMemoryAsync(MemoryOf(NewId($"m{i}"), agent, $"k{i}", MemoryKind.ShortTerm, ledger, now.AddDays(-3).AddSeconds(i)));
        }
        // One by one: not every backend commits batches atomically (see the README's guarantees table).
        for (var i = 1; i <= pageAndAHalf; i++) await Store.AppendEventAsync(EventOf(NewId($"e{i}"), ledger, createdAt: now.AddDays(-10).AddSeconds(i)));

        var policy = new RetentionPolicy { Sessions = TimeSpan.FromDays(30), Events = TimeSpan.FromDays(7), ShortTermMemory = TimeSpan.FromDays(1) };
        var expiredSessions = Enumerable.Range(0, pageAndAHalf).Count(i => i % 3 != 0);
        var expected = new PruneReport { Sessions = expiredSessions, Events = pageAndAHalf - 1, ShortTermMemory = pageAndAHalf };
        Assert.Equal(expected with { DryRun = true }, await Store.PruneAsync(agent, policy, dryRun: true));
        Assert.Equal(expected, await Store.PruneAsync(agent, policy));

        Assert.Equal(pageAndAHalf - expiredSessions + 1, (await Store.ListSessionsAsync(agent, 1000)).Count);
        Assert.Equal([(long)pageAndAHalf], (await Store.ListEventsAsync(ledger)).Select(e => e.SeqNum));
        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm));
    }

    /// <summary>Two pruners at once: neither fails on what the other removed first, and together they leave nothing expired.</summary>
    [ConformanceFact]
    public async Task ConcurrentPrunersBothSucceedAndLeaveNothingExpired()
    {
        var now = T0.AddDays(100);
        UseClock(now);
        var agent = NewId("agent");
        const int Sessions = 30;
        for (var i = 0; i < Sessions; i++)
        {
            var session = NewId($"s{i}");
            await Store.CreateSessionAsync(SessionOf(session, agent, now.AddDays(-50)) with { UpdatedAt = now.AddDays(-40) });
            await Store.AppendEventAsync(EventOf(NewId($"e{i}"), session, createdAt: now.AddDays(-40)));
        }
        var policy = new RetentionPolicy { Sessions = TimeSpan.FromDays(30) };

        var reports = await Task.WhenAll(Store.PruneAsync(agent, policy), Store.PruneAsync(agent, policy));

        // Each session was seen and removed by at least one of them; a session both saw at once may be counted by both.
        Assert.InRange(reports.Sum(r => r.Sessions), Sessions, Sessions * 2);
        Assert.Empty(await Store.ListSessionsAsync(agent, 1000));
        for (var i = 0; i < Sessions; i++) Assert.Empty(await Store.ListEventsAsync(NewId($"s{i}")));
    }

    /// <summary>A rule that is not a positive age is refused before any I/O, naming the rule.</summary>
    [ConformanceFact]
    public async Task ARetentionRuleThatIsNotAPositiveAgeIsRefused()
    {
        var refused = await Assert.ThrowsAsync<StorageArgumentException>(
            () => Store.PruneAsync(NewId("agent"), new RetentionPolicy { Events = TimeSpan.Zero }));
        Assert.Equal("events", refused.Field);
        refused = await Assert.ThrowsAsync<StorageArgumentException>(
            () => Store.PruneAsync(NewId("agent"), new RetentionPolicy { Checkpoints = new CheckpointRetention { KeepLatest = -1 } }));
        Assert.Equal("keep_latest", refused.Field);
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.PruneAsync("", new RetentionPolicy()));
    }
}
