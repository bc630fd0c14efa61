using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Keyset (cursor) pages with opaque continuation tokens for sessions, audit logs and checkpoints: issue 16 §5.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>A keyset list under test: a page of it, by the id it matches on.</summary>
    private delegate Task<(IReadOnlyList<string> Ids, string? Token)> PageOfIds(IStorage store, string matchId, int limit, string? token);

    private static readonly PageOfIds SessionsPage = async (store, agent, limit, token) =>
        await store.ListSessionsPageAsync(agent, limit, token) is var page ? ([.. page.Items.Select(s => s.Id)], page.ContinuationToken) : default;

    private static readonly PageOfIds AgentAuditPage = async (store, agent, limit, token) =>
        await store.ListAuditLogsPageAsync(agent, limit, token) is var page ? ([.. page.Items.Select(a => a.Id)], page.ContinuationToken) : default;

    private static readonly PageOfIds SessionAuditPage = async (store, session, limit, token) =>
        await store.ListSessionAuditLogsPageAsync(session, limit, token) is var page ? ([.. page.Items.Select(a => a.Id)], page.ContinuationToken) : default;

    private static readonly PageOfIds CheckpointsPage = async (store, session, limit, token) =>
        await store.ListCheckpointsPageAsync(session, limit, token) is var page ? ([.. page.Items.Select(c => c.Id)], page.ContinuationToken) : default;

    /// <summary>Walks a keyset list from the first page to the last.</summary>
    private static async Task<List<string>> WalkAsync(IStorage store, PageOfIds pageOf, string matchId, int limit, Func<Task>? betweenPages = null)
    {
        var ids = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (page, next) = await pageOf(store, matchId, limit, token);
            Assert.True(page.Count <= limit, $"A page holds at most {limit}; got {page.Count}.");
            Assert.True(next is null || page.Count > 0, "A token follows only a page with records.");
            ids.AddRange(page);
            token = next;
            Assert.True(++pages < 10_000, "The walk does not end.");
            if (betweenPages is not null) await betweenPages();
        }
        while (token is not null);
        return ids;
    }

    /// <summary>Conformance: Keyset pages walk sessions in the order of the offset list including ties.</summary>
    [ConformanceFact]
    public async Task KeysetPagesWalkSessionsInTheOrderOfTheOffsetListIncludingTies()
    {
        var agent = NewId("agent");
        // 23 sessions, several sharing an instant (ties decided by id), so page edges fall inside groups of ties.
        for (var i = 0; i < 23; i++) await Store.CreateSessionAsync(SessionOf(NewId($"s{i:D2}"), agent, At(i / 4)));
        await Store.CreateSessionAsync(SessionOf(NewId("s-other"), NewId("agent-other"), At(1)));

        var expected = (await Store.ListSessionsAsync(agent, 1000)).Select(s => s.Id).ToList();
        Assert.Equal(23, expected.Count);
        foreach (var limit in new[] { 1, 3, 4, 5, 22, 23, 24, 1000 }) Assert.Equal(expected, await WalkAsync(Store, SessionsPage, agent, limit));

        var empty = await Store.ListSessionsPageAsync(NewId("agent-none"), 10);
        Assert.Empty(empty.Items);
        Assert.Null(empty.ContinuationToken);
    }

    /// <summary>Conformance: Keyset pages walk audit logs by agent and by session and checkpoints in their list order.</summary>
    [ConformanceFact]
    public async Task KeysetPagesWalkAuditLogsByAgentAndBySessionAndCheckpointsInTheirListOrder()
    {
        var agent = NewId("agent");
        var session = NewId("s");
        for (var i = 0; i < 17; i++)
        {
            await Store.InsertAuditLogAsync(AuditOf(NewId($"a{i:D2}"), agent, i % 2 == 0 ? session : NewId("s-b"), At(i / 3)));
            // Checkpoints share sequence numbers and instants: all three sort keys decide.
            await Store.SaveCheckpointAsync(CheckpointOf(NewId($"c{i:D2}"), session, i / 5, At(i % 3)));
        }

        var byAgent = (await Store.ListAuditLogsAsync(agent, 1000)).Select(a => a.Id).ToList();
        var bySession = (await Store.ListSessionAuditLogsAsync(session, 1000)).Select(a => a.Id).ToList();
        var checkpoints = (await Store.ListCheckpointsAsync(session, 1000)).Select(c => c.Id).ToList();
        Assert.Equal(17, byAgent.Count);
        Assert.Equal(9, bySession.Count);
        Assert.Equal(17, checkpoints.Count);
        foreach (var limit in new[] { 1, 2, 5, 16, 17, 100 })
        {
            Assert.Equal(byAgent, await WalkAsync(Store, AgentAuditPage, agent, limit));
            Assert.Equal(bySession, await WalkAsync(Store, SessionAuditPage, session, limit));
            Assert.Equal(checkpoints, await WalkAsync(Store, CheckpointsPage, session, limit));
        }
    }

    /// <summary>Conformance: A keyset walk under concurrent inserts sees every record that existed when it started exactly once.</summary>
    [ConformanceFact]
    public async Task AKeysetWalkUnderConcurrentInsertsSeesEveryRecordThatExistedWhenItStartedExactlyOnce()
    {
        var agent = NewId("agent");
        var existing = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            // Groups of five sharing an instant: inserts below land inside the groups the walk is crossing.
            var stored = await Store.CreateSessionAsync(SessionOf(NewId($"s{i:D2}"), agent, At(i / 5)));
            existing.Add(stored.Id);
        }

        // Another task inserts while the walk runs: newer, older and tied instants, ids that sort before and after
        // the existing ones; and between pages the walk itself inserts right at its own position.
        using var stop = new CancellationTokenSource();
        var inserted = 0;
        var inserter = Task.Run(async () =>
        {
            var random = new Random(16);
            while (!stop.IsCancellationRequested && inserted < 400)
            {
                var id = NewId($"n{inserted:D3}-{(random.Next(2) == 0 ? "a" : "z")}");
                await Store.CreateSessionAsync(SessionOf(id, agent, At(random.Next(-2, 11))));
                inserted++;
            }
        });
        var between = 0;
        var walked = await WalkAsync(Store, SessionsPage, agent, 3, async () =>
        {
            between++;
            await Store.CreateSessionAsync(SessionOf(NewId($"s{between:D2}x"), agent, At(between % 8)));
            await Task.Yield();
        });
        await stop.CancelAsync();
        await inserter;

        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Empty(existing.Except(walked));
    }

    /// <summary>Conformance: A malformed altered or foreign continuation token is a typed error naming the parameter.</summary>
    [ConformanceFact]
    public async Task AMalformedAlteredOrForeignContinuationTokenIsATypedErrorNamingTheParameter()
    {
        var agent = NewId("agent");
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateSessionAsync(SessionOf(NewId($"s{i}"), agent, At(i)));
            await Store.InsertAuditLogAsync(AuditOf(NewId($"a{i}"), agent, NewId("s0"), At(i)));
        }
        var token = (await Store.ListSessionsPageAsync(agent, 2)).ContinuationToken;
        Assert.NotNull(token);
        // The token works, and is not just the id in the clear.
        Assert.Equal(2, (await Store.ListSessionsPageAsync(agent, 2, token)).Items.Count);
        Assert.DoesNotContain(NewId("s3"), token, StringComparison.Ordinal);

        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var bad = new (string Token, Func<string, Task> Call)[]
        {
            ("garbage", t => Store.ListSessionsPageAsync(agent, 2, t)),
            ("", t => Store.ListSessionsPageAsync(agent, 2, t)),
            ("!!!not base64!!!", t => Store.ListSessionsPageAsync(agent, 2, t)),
            (new string('A', 100_000), t => Store.ListSessionsPageAsync(agent, 2, t)),
            (altered, t => Store.ListSessionsPageAsync(agent, 2, t)),
            (token[..^4], t => Store.ListSessionsPageAsync(agent, 2, t)),
            (token, t => Store.ListSessionsPageAsync(NewId("agent-other"), 2, t)),
            (token, t => Store.ListAuditLogsPageAsync(agent, 2, t)),
            (token, t => Store.ListCheckpointsPageAsync(NewId("s0"), 2, t)),
            (token, t => Store.ListSessionAuditLogsPageAsync(NewId("s0"), 2, t)),
        };
        foreach (var (badToken, call) in bad)
        {
            var error = await Assert.ThrowsAsync<StorageArgumentException>(() => call(badToken));
            Assert.Equal("continuationToken", error.ParamName);
        }

        Assert.Equal("limit", (await Assert.ThrowsAsync<StorageArgumentException>(() => Store.ListSessionsPageAsync(agent, 0))).ParamName);
        Assert.Equal("limit", (await Assert.ThrowsAsync<StorageArgumentException>(() => Store.ListCheckpointsPageAsync(NewId("s0"), 1001))).ParamName);
        Assert.Equal("agentId", (await Assert.ThrowsAsync<StorageArgumentException>(() => Store.ListAuditLogsPageAsync("", 10))).ParamName);
        Assert.Equal("sessionId", (await Assert.ThrowsAsync<StorageArgumentException>(() => Store.ListSessionAuditLogsPageAsync("", 10))).ParamName);
    }

    /// <summary>Conformance: A cancelled token cancels keyset pages and ledger reads.</summary>
    [ConformanceFact]
    public async Task ACancelledTokenCancelsKeysetPagesAndLedgerReads()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var agent = NewId("agent");
        var session = NewId("s");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListSessionsPageAsync(agent, 10, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListAuditLogsPageAsync(agent, 10, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListSessionAuditLogsPageAsync(session, 10, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ListCheckpointsPageAsync(session, 10, null, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ReadEventsAsync(session, 0, cancelled.Token)) Assert.Fail("A cancelled read yielded.");
        });
    }
}
