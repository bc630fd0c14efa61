using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Native expiry (issue 17 §2), for backends that expire records themselves (Redis key expiry, MongoDB TTL index,
/// DynamoDB TTL attribute): with <see cref="StorageEngine.Retention"/> set, an expired record disappears from gets and
/// lists without <see cref="IStorage.PruneAsync"/>, lists neither return nor trip over it (a limited page still holds
/// the live records behind it), its id can be written again, and the rules kept out of native expiry (sessions,
/// events) are left to pruning. No test here calls <see cref="IStorage.PruneAsync"/>.
/// </summary>
/// <remarks>
/// Where the server's clock decides (Redis), a record is written to expire about <see cref="SoonSeconds"/> seconds
/// from now by the system clock, and the test waits for the server to drop it (polling, bounded by
/// <see cref="ServerLag"/>). Where reads compare with the engine's clock (<see cref="ReadsCompareWithEngineClock"/>),
/// the test moves a manual clock instead of sleeping.
/// </remarks>
public abstract class NativeExpiryConformanceTests : IAsyncLifetime
{
    private const double SoonSeconds = 2;
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];
    private StorageEngine? _store;

    /// <summary>Returns a fresh, migrated store of the backend.</summary>
    protected abstract Task<StorageEngine> CreateStoreAsync();

    /// <summary>Releases the store.</summary>
    protected virtual ValueTask DisposeStoreAsync(StorageEngine store) => store.DisposeAsync();

    /// <summary>
    /// True when the backend's reads hide records whose expiry is at or before the engine's clock (MongoDB, DynamoDB):
    /// the tests then move the engine's clock. False when the server's clock alone decides (Redis key expiry).
    /// </summary>
    protected virtual bool ReadsCompareWithEngineClock => false;

    /// <summary>How long after its expiry instant a record may still be seen when the server's clock decides.</summary>
    protected virtual TimeSpan ServerLag => TimeSpan.FromSeconds(10);

    /// <summary>The store under test.</summary>
    protected StorageEngine Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    private ManualClock? _clock;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync().ConfigureAwait(false);
        if (ReadsCompareWithEngineClock)
        {
            // Stands at the real time, so that the server's own TTL (on the real clock) agrees with it.
            _clock = new ManualClock(TimeProvider.System.GetUtcNow());
            _store.TimeProvider = _clock;
        }
        _store.Retention = new RetentionPolicy
        {
            ShortTermMemory = Age,
            AuditLogs = Age,
            Checkpoints = new CheckpointRetention { MaxAge = Age },
            Sessions = TimeSpan.FromSeconds(1),
            Events = TimeSpan.FromSeconds(1),
        };
    }

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_store is { } store)
        {
            _store = null;
            await DisposeStoreAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>Short-term memory: expired at write is never seen, expiring soon disappears from get and list, the rest stays.</summary>
    [ConformanceFact]
    public async Task ShortTermMemoryDisappearsFromGetsAndListsWithoutASweep()
    {
        var agent = Id("agent");
        var session = Id("s");
        var now = Now();
        await Store.PutMemoryAsync(Memory(Id("m-expired"), agent, "k-expired", MemoryKind.ShortTerm, session, now - Age - TimeSpan.FromSeconds(1)));
        var soon = await Store.PutMemoryAsync(Memory(Id("m-soon"), agent, "k-soon", MemoryKind.ShortTerm, session, now - Age + TimeSpan.FromSeconds(SoonSeconds)));
        var live = await Store.PutMemoryAsync(Memory(Id("m-live"), agent, "k-live", MemoryKind.ShortTerm, session, now));
        // Long-term memory has no rule: however old, it stays.
        var longTerm = await Store.PutMemoryAsync(Memory(Id("m-long"), agent, "k-long", MemoryKind.LongTerm, session, now - Age - Age));

        Assert.Null(await Store.GetMemoryAsync(agent, "k-expired"));
        Assert.DoesNotContain(Store.ListMemoryAsync(agent, MemoryKind.ShortTerm).Result, m => m.Id == Id("m-expired"));
        await WhileBeforeAsync(soon.CreatedAt + Age, async () => Assert.NotNull(await Store.GetMemoryAsync(agent, "k-soon")));

        await PassAsync(soon.CreatedAt + Age, async () => await Store.GetMemoryAsync(agent, "k-soon") is null);

        Assert.Equal([live.Id], (await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm)).Select(m => m.Id));
        Assert.Equal(longTerm.Id, (await Store.GetMemoryAsync(agent, "k-long"))?.Id);
        Assert.Equal(live.Id, (await Store.GetMemoryAsync(agent, "k-live"))?.Id);
    }

    /// <summary>Audit logs: gone from both lists once expired; an expired entry's id can be inserted again.</summary>
    [ConformanceFact]
    public async Task AuditLogsDisappearFromListsAndAnExpiredIdCanBeWrittenAgain()
    {
        var agent = Id("agent");
        var session = Id("s");
        var now = Now();
        var expiredId = Id("a-expired");
        await Store.InsertAuditLogAsync(Audit(expiredId, agent, session, now - Age - TimeSpan.FromSeconds(1)));
        var soon = await Store.InsertAuditLogAsync(Audit(Id("a-soon"), agent, session, now - Age + TimeSpan.FromSeconds(SoonSeconds)));
        var live = await Store.InsertAuditLogAsync(Audit(Id("a-live"), agent, session, now));

        Assert.DoesNotContain(await Store.ListAuditLogsAsync(agent, 10), l => l.Id == expiredId);
        await PassAsync(soon.CreatedAt + Age, async () => (await Store.ListAuditLogsAsync(agent, 10)).All(l => l.Id != soon.Id));

        Assert.Equal([live.Id], (await Store.ListAuditLogsAsync(agent, 10)).Select(l => l.Id));
        Assert.Equal([live.Id], (await Store.ListSessionAuditLogsAsync(session, 10)).Select(l => l.Id));

        // No guard, locator or index entry of the expired entry refuses its id now.
        var again = await Store.InsertAuditLogAsync(Audit(expiredId, agent, session, Now()));
        Assert.Equal([again.Id, live.Id], (await Store.ListAuditLogsAsync(agent, 10)).Select(l => l.Id));
    }

    /// <summary>
    /// Checkpoints (max_age, no keep_latest): the newest by number expired, so the latest is the one behind it, and a
    /// page of one is not cut short by the expired record in front.
    /// </summary>
    [ConformanceFact]
    public async Task ExpiredCheckpointsNeitherShowNorShortenAPage()
    {
        var session = Id("s");
        var now = Now();
        var older = await Store.SaveCheckpointAsync(Checkpoint(Id("c1"), session, 1, now));
        var soon = await Store.SaveCheckpointAsync(Checkpoint(Id("c2"), session, 2, now - Age + TimeSpan.FromSeconds(SoonSeconds)));
        await Store.SaveCheckpointAsync(Checkpoint(Id("c3"), session, 3, now - Age - TimeSpan.FromSeconds(1)));

        Assert.Null(await Store.GetCheckpointAsync(Id("c3")));
        Assert.Equal(soon.Id, (await Store.GetLatestCheckpointAsync(session))?.Id);

        await PassAsync(soon.CreatedAt + Age, async () => await Store.GetCheckpointAsync(soon.Id) is null);

        Assert.Equal(older.Id, (await Store.GetLatestCheckpointAsync(session))?.Id);
        Assert.Equal([older.Id], (await Store.ListCheckpointsAsync(session, limit: 1)).Select(c => c.Id));
        Assert.Equal([older.Id], (await Store.ListCheckpointsAsync(session, limit: 10)).Select(c => c.Id));
    }

    /// <summary>
    /// Sessions and events are not expired natively (a session's cascade and the ledger's last-event rule need
    /// <see cref="IStorage.PruneAsync"/>): a session and its ledger far past their rules stay until pruned.
    /// </summary>
    [ConformanceFact]
    public async Task SessionsAndEventsAreLeftToPruning()
    {
        var agent = Id("agent");
        var old = Now() - TimeSpan.FromDays(2);
        var session = await Store.CreateSessionAsync(new Session
        {
            Id = Id("s-old"), AgentId = agent, UserId = "u", Status = SessionStatus.Active,
            Metadata = new JsonObject { ["n"] = 1 }, CreatedAt = old, UpdatedAt = old,
        });
        await Store.AppendEventAsync(new Event { Id = Id("e1"), SessionId = session.Id, Type = EventType.ChatMessage, CreatedAt = old });
        await Store.AppendEventAsync(new Event { Id = Id("e2"), SessionId = session.Id, Type = EventType.ChatMessage, CreatedAt = old });

        await PassAsync(Now() + TimeSpan.FromSeconds(SoonSeconds), () => Task.FromResult(true));

        Assert.NotNull(await Store.GetSessionAsync(session.Id));
        Assert.Contains(await Store.ListSessionsAsync(agent, 10), s => s.Id == session.Id);
        Assert.Equal([Id("e1"), Id("e2")], (await Store.ListEventsAsync(session.Id)).Select(e => e.Id));
    }

    /// <summary>A policy with a rule that is not a positive age is refused when set on the store.</summary>
    [ConformanceFact]
    public void ARetentionThatIsNotAPositiveAgeIsRefused()
    {
        var error = Assert.Throws<StorageArgumentException>(() => Store.Retention = new RetentionPolicy { AuditLogs = TimeSpan.Zero });
        Assert.Contains("audit_logs", error.Message, StringComparison.Ordinal);
    }

    private string Id(string prefix) => $"{prefix}-{_tag}";

    private DateTime Now() => Store.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Runs <paramref name="check"/> when the record expiring at <paramref name="expiry"/> is still comfortably live.</summary>
    private async Task WhileBeforeAsync(DateTime expiry, Func<Task> check)
    {
        if (Now() < expiry - TimeSpan.FromSeconds(SoonSeconds / 2)) await check().ConfigureAwait(false);
    }

    /// <summary>
    /// Lets <paramref name="expiry"/> pass: moves the engine's clock past it, or (server's clock) waits until
    /// <paramref name="gone"/> holds, failing after <see cref="ServerLag"/>.
    /// </summary>
    private async Task PassAsync(DateTime expiry, Func<Task<bool>> gone)
    {
        if (_clock is not null)
        {
            _clock.Now = new DateTimeOffset(expiry, TimeSpan.Zero).AddMilliseconds(1);
            Assert.True(await gone().ConfigureAwait(false), "the record is still seen once the engine's clock passed its expiry");
            return;
        }
        var deadline = expiry + ServerLag;
        while (true)
        {
            var wait = expiry - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
            if (await gone().ConfigureAwait(false)) return;
            Assert.True(DateTime.UtcNow < deadline, $"the record is still seen {ServerLag.TotalSeconds} s after its expiry");
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static MemoryRecord Memory(string id, string agentId, string key, string kind, string sessionId, DateTime createdAt) => new()
    {
        Id = id, AgentId = agentId, SessionId = sessionId, UserId = "u", Kind = kind, Key = key,
        Value = new JsonObject { ["v"] = id }, CreatedAt = createdAt,
    };

    private static AuditLog Audit(string id, string agentId, string sessionId, DateTime createdAt) => new()
    {
        Id = id, AgentId = agentId, SessionId = sessionId, Actor = "tool", Action = "read", Resource = "doc/" + id,
        Detail = new JsonObject { ["id"] = id }, CreatedAt = createdAt,
    };

    private static Checkpoint Checkpoint(string id, string sessionId, long seqNum, DateTime createdAt) => new()
    {
        Id = id, SessionId = sessionId, RunId = "r", NodeId = "n" + seqNum, State = new JsonObject { ["step"] = seqNum }, SeqNum = seqNum,
        CreatedAt = createdAt,
    };
}
