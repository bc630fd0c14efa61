using System.Diagnostics;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Tests.Shared;

/// <summary>
/// What only several independent clients of one SQL server show, written once for every server-based SQL backend
/// (compiled into each backend's test project from tests/Shared): the ledger and the migration are safe across
/// processes, a store newer than the code is refused, a wrong password never appears in the error. A backend's class
/// gives its fresh database and a few server queries; put <see cref="RequiresTestServerAttribute"/> on it.
/// </summary>
public abstract class SqlServerConcurrencyTests : IAsyncLifetime
{
    /// <summary>The connection string of an empty database (or schema) of this test's own, created on first use.</summary>
    protected abstract Task<string> ConnectionStringAsync();

    /// <summary>Opens (and migrates) a store on <paramref name="connectionString"/>.</summary>
    protected abstract Task<StorageEngine> OpenAsync(string connectionString);

    /// <summary>A store on <paramref name="connectionString"/> that has not migrated yet.</summary>
    protected abstract StorageEngine CreateUnmigrated(string connectionString);

    /// <summary>Runs a count query in this test's database and returns its number.</summary>
    protected abstract Task<long> CountAsync(string sql);

    /// <summary>Runs a statement in this test's database.</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>The database (or schema) name, as information_schema names it.</summary>
    protected abstract string DatabaseName { get; }

    /// <summary>How many tables a migrated store has: the six entities, chronos_schema and the backend's own.</summary>
    protected abstract int MigratedTableCount { get; }

    /// <summary><paramref name="connectionString"/> with another password.</summary>
    protected abstract string WithPassword(string connectionString, string password);

    /// <summary>The driver's ActivitySource, which starts one activity per command it sends to the server.</summary>
    protected abstract string DriverActivitySource { get; }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// A batch larger than one server packet (MariaDB's max_allowed_packet is 16 MB by default) is stored whole: the
    /// multi-row insert splits it into several statements in the same transaction.
    /// </summary>
    [ConformanceFact]
    public async Task ABatchLargerThanOneServerPacketIsStoredWhole()
    {
        await using var store = await OpenAsync(await ConnectionStringAsync());
        var text = new string('x', 1_000_000);
        var batch = Enumerable.Range(0, 20).Select(i => new Event
        {
            Id = $"big{i}", SessionId = "big", Type = "t", Payload = new System.Text.Json.Nodes.JsonObject { ["text"] = text },
        }).ToList();

        var stored = await store.AppendEventsAsync("big", batch);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), stored.Select(e => e.SeqNum));
        var listed = await store.ListEventsAsync("big");
        Assert.Equal(batch.Select(e => e.Id), listed.Select(e => e.Id));
        Assert.All(listed, e => Assert.Equal(text, e.Payload!["text"]!.GetValue<string>()));
    }

    /// <summary>
    /// A batch of 100 events is one INSERT statement, not 100 (issue 16 §2: one round trip per batch), counted from the
    /// driver's own tracing: every command it sends is an activity, and the ones started inside this test's parent
    /// activity are this batch's (tests running in parallel have other parents).
    /// </summary>
    [ConformanceFact]
    public async Task ABatchOfAHundredEventsIsSentAsOneInsertStatement()
    {
        await using var store = await OpenAsync(await ConnectionStringAsync());
        await store.AppendEventAsync(new Event { Id = "first", SessionId = "batched", Type = "t" });
        var commands = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var parent = new Activity("batch");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DriverActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // Statements only: a driver may also trace the transaction's commit, which carries no text.
                if (a.Source.Name == DriverActivitySource && a.TraceId == parent.TraceId && a.GetTagItem("db.query.text") is string text)
                {
                    commands.Enqueue(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        parent.Start();

        var stored = await store.AppendEventsAsync("batched", [.. Enumerable.Range(0, 100).Select(i => new Event { Id = $"b{i}", SessionId = "batched", Type = "t" })]);
        parent.Stop();

        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), stored.Select(e => e.SeqNum));
        var inserts = commands.Where(text => text.Contains("INSERT INTO \"events\"", StringComparison.Ordinal)).ToList();
        Assert.True(inserts.Count == 1, $"expected one INSERT into events, got {inserts.Count} among the commands sent: {string.Join(" | ", commands.Select(c => c[..Math.Min(c.Length, 60)]))}");
        // The ledger lock, the probe (stored ids, else the last number) and the insert: nothing per event.
        Assert.True(commands.Count <= 3, $"expected at most 3 commands, got {commands.Count}: {string.Join(" | ", commands.Select(c => c[..Math.Min(c.Length, 60)]))}");
    }

    /// <inheritdoc />
    public abstract Task DisposeAsync();

    /// <summary>Appends from two stores (as from two processes: no in-process lock is shared) number one session 1..N.</summary>
    [ConformanceFact]
    public async Task TwoIndependentStoresAppendingToOneSessionNumberOneToN()
    {
        var connection = await ConnectionStringAsync();
        await using var a = await OpenAsync(connection);
        await using var b = await OpenAsync(connection);
        const int perWriter = 100;

        async Task Append(IStorage store, string prefix, int writer)
        {
            for (var i = 0; i < perWriter; i++)
            {
                await store.AppendEventAsync(new Event { Id = $"{prefix}{writer}-{i}", SessionId = "shared", Type = "t" });
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(w => new[] { Task.Run(() => Append(a, "a", w)), Task.Run(() => Append(b, "b", w)) }));

        var listed = await a.ListEventsAsync("shared");
        Assert.Equal(Enumerable.Range(1, 6 * perWriter).Select(i => (long)i), listed.Select(e => e.SeqNum));
        Assert.Equal(6 * perWriter, listed.Select(e => e.Id).Distinct().Count());
    }

    /// <summary>
    /// One event id appended to two sessions at once from two stores: the sessions do not share the ledger lock, so
    /// only the id's uniqueness decides; one insert wins and both callers get the stored event (idempotent by id).
    /// </summary>
    [ConformanceFact]
    public async Task OneEventIdAppendedToTwoSessionsAtOnceIsStoredOnceAndBothCallersGetThatEvent()
    {
        var connection = await ConnectionStringAsync();
        await using var a = await OpenAsync(connection);
        await using var b = await OpenAsync(connection);
        for (var i = 0; i < 50; i++)
        {
            var id = $"race-{i}";
            var results = await Task.WhenAll(
                Task.Run(() => a.AppendEventAsync(new Event { Id = id, SessionId = "left", Type = "t" })),
                Task.Run(() => b.AppendEventAsync(new Event { Id = id, SessionId = "right", Type = "t" })));

            Assert.Equal(results[0].SessionId, results[1].SessionId);
            Assert.Equal(results[0].SeqNum, results[1].SeqNum);
        }
        var left = await a.ListEventsAsync("left");
        var right = await a.ListEventsAsync("right");
        Assert.Equal(50, left.Count + right.Count);
        Assert.Equal(50, left.Concat(right).Select(e => e.Id).Distinct().Count());
        // Each session's numbers are still 1..n with no gap left by the losing appends.
        Assert.Equal(Enumerable.Range(1, left.Count).Select(n => (long)n), left.Select(e => e.SeqNum));
        Assert.Equal(Enumerable.Range(1, right.Count).Select(n => (long)n), right.Select(e => e.SeqNum));
    }

    /// <summary>Four stores migrating an empty database at once create the schema once, and release the migration lock.</summary>
    [ConformanceFact]
    public async Task MigrateFromFourTasksOnAnEmptyDatabaseCreatesItOnce()
    {
        var connection = await ConnectionStringAsync();
        var stores = new List<StorageEngine>();
        for (var i = 0; i < 4; i++) stores.Add(CreateUnmigrated(connection));
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var migrations = stores.Select(s => Task.Run(async () => { await start.Task; await s.MigrateAsync(); })).ToArray();
            start.SetResult();
            await Task.WhenAll(migrations);

            Assert.Equal(6L, await CountAsync("SELECT count(*) FROM chronos_schema"));
            // Every built-in entity at the code's version (AuditLog is at 2 since issue 16's by_session index).
            Assert.Equal(6L, await CountAsync("SELECT count(*) FROM chronos_schema WHERE version = CASE storage_name WHEN 'audit_logs' THEN 2 ELSE 1 END"));
            Assert.Equal(MigratedTableCount, await CountAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{DatabaseName}'"));
            var created = await stores[3].CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
            RecordAssert.Same(created, await stores[0].GetSessionAsync("s"));
            // The migration lock was released: another migration does not wait for it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await stores[1].MigrateAsync(timeout.Token);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    /// <summary>A database migrated by newer code (a higher recorded version) is refused on open, naming entity and version.</summary>
    [ConformanceFact]
    public async Task AStoreNewerThanTheCodeIsRefused()
    {
        var connection = await ConnectionStringAsync();
        await using (await OpenAsync(connection)) { }
        await ExecuteAsync("UPDATE chronos_schema SET version = 7 WHERE storage_name = 'sessions'");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => OpenAsync(connection));

        Assert.Equal("Session", error.Entity);
        Assert.Equal(7, error.StoredVersion);
    }

    /// <summary>A refused password is a configuration error, and the password is nowhere in it.</summary>
    [ConformanceFact]
    public async Task WrongPasswordIsAConfigurationErrorWithoutThePassword()
    {
        var connection = WithPassword(await ConnectionStringAsync(), "Wr0ngPassw0rd");

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => OpenAsync(connection));

        Assert.DoesNotContain("Wr0ngPassw0rd", error.ToString(), StringComparison.Ordinal);
    }
}
