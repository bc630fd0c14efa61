using Chronos.Storage.Conformance.PreviousVersion;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// A user-defined entity (<see cref="Ticket"/>, generated from the kit's own spec) through the generic store on any
/// backend, and its migration from version 1 (<see cref="TicketV1"/>) to 2: an added field with a default and a new
/// index. An adapter's test project derives one class, supplies <see cref="OpenAsync"/>, and inherits every test.
/// </summary>
public abstract class UserEntityConformanceTests
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Opens a storage over this test's database (file, schema, key prefix, table): every call of one test instance
    /// must reach the SAME data, so a test can write with one version of the code and reopen it with the next.
    /// Not migrated: tests call EnsureSchemaAsync for the entity version they use.
    /// </summary>
    protected abstract Task<IStorage> OpenAsync();

    /// <summary>A fixed instant tests build times from.</summary>
    protected static readonly DateTime T0 = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private string Id(string name) => $"{name}-{_tag}";

    private Ticket TicketOf(string name, string queue, int priority, int second, string status = "open") => new()
    {
        Id = Id(name), Queue = Id(queue), Title = "title " + name, Priority = priority, OpenedAt = T0.AddSeconds(second), Status = Id(status),
    };

    /// <summary>
    /// An application's own generated entity stores, reads and deletes exactly through <see cref="IStorage.Entities{TEntity}"/>, like the
    /// built-in ones.
    /// </summary>
    [ConformanceFact]
    public async Task PutGetDeleteRoundTripTheUserEntity()
    {
        await using var storage = await OpenAsync();
        var tickets = storage.Entities<Ticket>();
        await tickets.EnsureSchemaAsync();
        var ticket = TicketOf("t1", "q", 3, 1);

        await tickets.InsertAsync(ticket);
        Assert.Equal(ticket, await tickets.GetAsync(ticket.Id));
        await tickets.UpsertAsync(ticket with { Title = "changed" });
        Assert.Equal(ticket with { Title = "changed" }, await tickets.GetAsync(ticket.Id));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => tickets.InsertAsync(ticket));

        Assert.True(await tickets.DeleteAsync(ticket.Id));
        Assert.Null(await tickets.GetAsync(ticket.Id));
        Assert.False(await tickets.DeleteAsync(ticket.Id));
    }

    /// <summary>
    /// Every index an application entity declares is served in its declared order, with paging, on this backend.
    /// </summary>
    [ConformanceFact]
    public async Task ListsByEachDeclaredIndexWithLimitAndOffset()
    {
        await using var storage = await OpenAsync();
        var tickets = storage.Entities<Ticket>();
        await tickets.EnsureSchemaAsync();
        for (var i = 1; i <= 5; i++) await tickets.InsertAsync(TicketOf("t" + i, "q", priority: i % 3, second: i, status: i % 2 == 0 ? "even" : "odd"));
        await tickets.InsertAsync(TicketOf("other", "q-other", 9, 9, "odd"));

        // by_queue: opened_at desc, id desc.
        var queue = await tickets.ListAsync(new IndexQuery(TicketIndexes.ByQueue, Id("q")));
        Assert.Equal([Id("t5"), Id("t4"), Id("t3"), Id("t2"), Id("t1")], queue.Select(t => t.Id));
        var page = await tickets.ListAsync(new IndexQuery(TicketIndexes.ByQueue, Id("q")) { Limit = 2, Offset = 1 });
        Assert.Equal([Id("t4"), Id("t3")], page.Select(t => t.Id));
        Assert.Equal(TicketOf("t4", "q", 1, 4, "even"), page[0]);

        // by_status: priority desc, id desc. Odd tickets: t1 (1), t3 (0), t5 (2), other (9).
        var odd = await tickets.ListAsync(new IndexQuery(TicketIndexes.ByStatus, Id("odd")));
        Assert.Equal([Id("other"), Id("t5"), Id("t1"), Id("t3")], odd.Select(t => t.Id));
        var oddPage = await tickets.ListAsync(new IndexQuery(TicketIndexes.ByStatus, Id("odd")) { Limit = 2, Offset = 2 });
        Assert.Equal([Id("t1"), Id("t3")], oddPage.Select(t => t.Id));
    }

    /// <summary>
    /// Records written before a field was added read back with the declared default, and the index added with it
    /// finds them.
    /// </summary>
    [ConformanceFact]
    public async Task MigrationGivesOldRecordsTheDefaultAndTheNewIndexServesThem()
    {
        await WriteVersion1Async();

        await using var storage = await OpenAsync();
        var tickets = storage.Entities<Ticket>();
        await tickets.EnsureSchemaAsync();

        var old = await tickets.GetAsync(Id("old2"));
        Assert.Equal(new Ticket { Id = Id("old2"), Queue = Id("q"), Title = "old 2", Priority = 2, OpenedAt = T0.AddSeconds(2), Status = "open" }, old);
        var fresh = TicketOf("new", "q", 7, 10, "closed");
        await tickets.InsertAsync(fresh);
        Assert.Equal(fresh, await tickets.GetAsync(fresh.Id));

        // The new index lists the old records under their default (priority desc) and the new one under its own value.
        var open = await tickets.ListAsync(new IndexQuery(TicketIndexes.ByStatus, "open"));
        Assert.Equal([Id("old3"), Id("old2"), Id("old1")], open.Where(t => t.Id.EndsWith(_tag, StringComparison.Ordinal)).Select(t => t.Id));
        Assert.Equal([fresh], await tickets.ListAsync(new IndexQuery(TicketIndexes.ByStatus, Id("closed"))));
        // The old index still serves every record.
        Assert.Equal([Id("new"), Id("old3"), Id("old2"), Id("old1")], (await tickets.ListAsync(new IndexQuery(TicketIndexes.ByQueue, Id("q")))).Select(t => t.Id));
    }

    /// <summary>Migrating an application entity again changes nothing and keeps the recorded version.</summary>
    [ConformanceFact]
    public async Task MigratingTwiceIsANoOp()
    {
        await WriteVersion1Async();
        await using var storage = await OpenAsync();
        var tickets = storage.Entities<Ticket>();
        await tickets.EnsureSchemaAsync();
        var changed = (await tickets.GetAsync(Id("old1")))! with { Status = Id("triaged") };
        await tickets.UpsertAsync(changed);

        await tickets.EnsureSchemaAsync();
        await using (var again = await OpenAsync())
        {
            await again.Entities<Ticket>().EnsureSchemaAsync();
        }

        // A second migration neither re-applies the default over a newer value nor duplicates index entries.
        Assert.Equal(changed, await tickets.GetAsync(Id("old1")));
        Assert.Equal([changed], await tickets.ListAsync(new IndexQuery(TicketIndexes.ByStatus, Id("triaged"))));
        Assert.Equal(3, (await tickets.ListAsync(new IndexQuery(TicketIndexes.ByQueue, Id("q")))).Count);
    }

    /// <summary>
    /// A store migrated by newer code is refused with SchemaVersionException, so old code never writes records it
    /// does not understand.
    /// </summary>
    [ConformanceFact]
    public async Task AStoreNewerThanTheCodeIsRefused()
    {
        await using (var current = await OpenAsync())
        {
            await current.Entities<Ticket>().EnsureSchemaAsync();
        }

        await using var older = await OpenAsync();
        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => older.Entities<TicketV1>().EnsureSchemaAsync());

        Assert.Equal((2, 1), (error.StoredVersion, error.CodeVersion));
        Assert.Contains("Ticket", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this code", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Audit logs stored at schema version 1 (before the by-session index) are found by the session list after
    /// migrating to version 2.
    /// </summary>
    [ConformanceFact]
    public async Task AuditLogsWrittenAtVersion1ListBySessionAfterMigrate()
    {
        await using (var previous = await OpenAsync())
        {
            var old = previous.Entities<AuditLogV1>();
            await old.EnsureSchemaAsync();
            for (var i = 1; i <= 4; i++)
            {
                var session = i == 4 ? Id("other-session") : Id("session");
                await old.InsertAsync(new AuditLogV1 { Id = Id("aud" + i), SessionId = session, AgentId = Id("agent"), Action = "act " + i, CreatedAt = T0.AddSeconds(i) });
            }
        }

        await using var storage = await OpenAsync();
        await storage.MigrateAsync();

        var bySession = await storage.ListSessionAuditLogsAsync(Id("session"), 10);
        Assert.Equal([Id("aud3"), Id("aud2"), Id("aud1")], bySession.Select(a => a.Id));
        Assert.Equal([Id("aud2")], (await storage.ListSessionAuditLogsAsync(Id("session"), 1, 1)).Select(a => a.Id));
        Assert.Equal(4, (await storage.ListAuditLogsAsync(Id("agent"), 10)).Count); // by-agent still sees all, nothing lost

        // Records written after the upgrade join the same index.
        await storage.InsertAuditLogAsync(new AuditLog { Id = Id("aud5"), SessionId = Id("session"), AgentId = Id("agent"), Action = "new", CreatedAt = T0.AddSeconds(5) });
        Assert.Equal([Id("aud5"), Id("aud3"), Id("aud2"), Id("aud1")], (await storage.ListSessionAuditLogsAsync(Id("session"), 10)).Select(a => a.Id));
    }

    /// <summary>What the previous release stored: three tickets of version 1, in their own open/dispose of the storage.</summary>
    private async Task WriteVersion1Async()
    {
        await using var storage = await OpenAsync();
        var tickets = storage.Entities<TicketV1>();
        await tickets.EnsureSchemaAsync();
        for (var i = 1; i <= 3; i++)
        {
            await tickets.InsertAsync(new TicketV1 { Id = Id("old" + i), Queue = Id("q"), Title = "old " + i, Priority = i, OpenedAt = T0.AddSeconds(i) });
        }
    }
}
