using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Exact round trips: JSON in every JSON field, instants, and ids with awkward characters.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// Property order, unicode and nesting of JSON objects survive in every JSON field of every entity.
    /// </summary>
    [ConformanceTheory]
    [InlineData("nested")]
    [InlineData("arrays")]
    [InlineData("unicode")]
    [InlineData("big-integers")]
    [InlineData("doubles")]
    [InlineData("empty-object")]
    [InlineData("awkward-keys")]
    [InlineData("deep")]
    [InlineData("one-mebibyte")]
    [InlineData("api-built")]
    public async Task JsonObjectsRoundTripExactlyInEveryJsonField(string sample)
    {
        var agent = NewId("agent");
        var session = NewId("s");
        JsonObject Obj() => (JsonObject)JsonSamples.Create(sample)!;

        await Store.CreateSessionAsync(SessionOf(session, agent, At(1)) with { Metadata = Obj() });
        await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1), Obj()));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a"), agent, session, At(1)) with { Detail = Obj() });
        await Store.InsertTraceAsync(TraceOf(NewId("t"), session, At(1)) with { Input = Obj(), Output = Obj() });
        await Store.AppendEventAsync(EventOf(NewId("e"), session) with { Payload = Obj() });
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("c"), session, 1, At(1)) with { State = Obj() });

        var expected = JsonSamples.Create(sample);
        RecordAssert.Json(expected, (await Store.GetSessionAsync(session))?.Metadata, "Session.Metadata");
        RecordAssert.Json(expected, (await Store.GetMemoryAsync(agent, "k"))?.Value, "MemoryRecord.Value");
        RecordAssert.Json(expected, Assert.Single(await Store.ListAuditLogsAsync(agent, 1)).Detail, "AuditLog.Detail");
        var trace = Assert.Single(await Store.ListTracesAsync(session));
        RecordAssert.Json(expected, trace.Input, "Trace.Input");
        RecordAssert.Json(expected, trace.Output, "Trace.Output");
        RecordAssert.Json(expected, Assert.Single(await Store.ListEventsAsync(session)).Payload, "Event.Payload");
        RecordAssert.Json(expected, (await Store.GetCheckpointAsync(NewId("c")))?.State, "Checkpoint.State");
    }

    /// <summary>
    /// Scalars, arrays and objects are all valid JSON field values; a backend must not assume an object (e.g. by
    /// storing a document) and change the shape.
    /// </summary>
    [ConformanceTheory]
    [InlineData("scalar-string")]
    [InlineData("scalar-number")]
    [InlineData("scalar-array")]
    [InlineData("big-integers")]
    public async Task AnyJsonValueRoundTripsInFieldsThatAcceptAnyJson(string sample)
    {
        var agent = NewId("agent");
        var session = NewId("s");

        await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1), JsonSamples.Create(sample)));
        await Store.InsertTraceAsync(TraceOf(NewId("t"), session, At(1)) with { Input = JsonSamples.Create(sample), Output = JsonSamples.Create(sample) });
        await Store.AppendEventAsync(EventOf(NewId("e"), session) with { Payload = JsonSamples.Create(sample) });

        var expected = JsonSamples.Create(sample);
        RecordAssert.Json(expected, (await Store.GetMemoryAsync(agent, "k"))?.Value, "MemoryRecord.Value");
        var trace = Assert.Single(await Store.ListTracesAsync(session));
        RecordAssert.Json(expected, trace.Input, "Trace.Input");
        RecordAssert.Json(expected, trace.Output, "Trace.Output");
        RecordAssert.Json(expected, Assert.Single(await Store.ListEventsAsync(session)).Payload, "Event.Payload");
    }

    /// <summary>
    /// JSON null and an absent JSON field both read back as null, not as the string "null" or an empty object.
    /// </summary>
    [ConformanceFact]
    public async Task NullJsonValuesRoundTripAsNull()
    {
        var agent = NewId("agent");
        var session = NewId("s");

        await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1)) with { Value = null });
        await Store.AppendEventAsync(EventOf(NewId("e"), session) with { Payload = null });

        Assert.Null((await Store.GetMemoryAsync(agent, "k"))!.Value);
        Assert.Null(Assert.Single(await Store.ListEventsAsync(session)).Payload);
    }

    /// <summary>Instants (as "yyyy-MM-dd HH:mm:ss", plus microseconds) that must read back exactly.</summary>
    [ConformanceTheory]
    [InlineData("1970-01-01 00:00:00", 0)]
    [InlineData("1970-01-01 00:00:00", 1)]
    [InlineData("1969-12-31 23:59:59", 999_999)]
    [InlineData("1900-01-01 00:00:00", 123_456)]
    [InlineData("1999-12-31 23:59:59", 999_999)]
    [InlineData("2038-01-19 03:14:08", 500_001)]
    [InlineData("2025-06-30 12:00:00", 654_321)]
    [InlineData("9999-12-31 23:59:59", 999_999)]
    public async Task MicrosecondInstantsRoundTripExactlyAsUtc(string instant, int microseconds)
    {
        var time = DateTime.SpecifyKind(DateTime.ParseExact(instant, "yyyy-MM-dd HH:mm:ss", null), DateTimeKind.Utc)
            .AddTicks(microseconds * StorageTime.TicksPerMicrosecond);

        await AssertEveryTimeFieldStores(time, time);
    }

    /// <summary>
    /// Times are kept to the microsecond on every backend (the finest all can hold); sub-microsecond ticks are
    /// truncated, never rounded up.
    /// </summary>
    [ConformanceTheory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task SubMicrosecondTicksAreTruncatedToTheMicrosecond(int extraTicks)
    {
        var precise = T0.AddTicks(extraTicks);

        await AssertEveryTimeFieldStores(precise, T0);
    }

    /// <summary>
    /// DateTime kinds are handled one way everywhere: unspecified means UTC, local is converted, so no backend shifts
    /// stored times.
    /// </summary>
    [ConformanceFact]
    public async Task UnspecifiedKindIsTakenAsUtcAndLocalIsConverted()
    {
        var unspecified = DateTime.SpecifyKind(T0, DateTimeKind.Unspecified);
        await AssertEveryTimeFieldStores(unspecified, T0);

        var local = T0.ToLocalTime();
        Assert.Equal(DateTimeKind.Local, local.Kind);
        await AssertEveryTimeFieldStores(local, T0);
    }

    /// <summary>Writes <paramref name="written"/> into every time field and expects <paramref name="expected"/> back.</summary>
    private async Task AssertEveryTimeFieldStores(DateTime written, DateTime expected)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var agent = NewId("agent-" + tag);
        var session = NewId("s-" + tag);

        // Built directly: SessionOf derives UpdatedAt by adding to CreatedAt, which overflows at year 9999.
        var created = await Store.CreateSessionAsync(new Session { Id = session, AgentId = agent, CreatedAt = written, UpdatedAt = written });
        var memory = await Store.PutMemoryAsync(MemoryOf(NewId("m-" + tag), agent, "k", MemoryKind.LongTerm, "", written));
        var audit = await Store.InsertAuditLogAsync(AuditOf(NewId("a-" + tag), agent, session, written));
        var trace = await Store.InsertTraceAsync(TraceOf(NewId("t-" + tag), session, written) with { EndedAt = written });
        var @event = await Store.AppendEventAsync(EventOf(NewId("e-" + tag), session, createdAt: written));
        var checkpoint = await Store.SaveCheckpointAsync(CheckpointOf(NewId("c-" + tag), session, 1, written));

        // What the store returns from a write is what it stored...
        RecordAssert.Time(expected, created.CreatedAt, "returned Session.CreatedAt");
        RecordAssert.Time(expected, created.UpdatedAt, "returned Session.UpdatedAt");
        RecordAssert.Time(expected, memory.CreatedAt, "returned MemoryRecord.CreatedAt");
        RecordAssert.Time(expected, audit.CreatedAt, "returned AuditLog.CreatedAt");
        RecordAssert.Time(expected, trace.StartedAt, "returned Trace.StartedAt");
        RecordAssert.Time(expected, trace.EndedAt, "returned Trace.EndedAt");
        RecordAssert.Time(expected, @event.CreatedAt, "returned Event.CreatedAt");
        RecordAssert.Time(expected, checkpoint.CreatedAt, "returned Checkpoint.CreatedAt");

        // ...and what reads back.
        var readSession = await Store.GetSessionAsync(session);
        RecordAssert.Time(expected, readSession!.CreatedAt, "Session.CreatedAt");
        RecordAssert.Time(expected, readSession.UpdatedAt, "Session.UpdatedAt");
        RecordAssert.Time(expected, (await Store.GetMemoryAsync(agent, "k"))!.CreatedAt, "MemoryRecord.CreatedAt");
        RecordAssert.Time(expected, Assert.Single(await Store.ListAuditLogsAsync(agent, 1)).CreatedAt, "AuditLog.CreatedAt");
        var readTrace = Assert.Single(await Store.ListTracesAsync(session));
        RecordAssert.Time(expected, readTrace.StartedAt, "Trace.StartedAt");
        RecordAssert.Time(expected, readTrace.EndedAt, "Trace.EndedAt");
        RecordAssert.Time(expected, Assert.Single(await Store.ListEventsAsync(session)).CreatedAt, "Event.CreatedAt");
        RecordAssert.Time(expected, (await Store.GetCheckpointAsync(checkpoint.Id))!.CreatedAt, "Checkpoint.CreatedAt");
    }

    /// <summary>Ids and keys that break naive key builders, query languages and escaping.</summary>
    [ConformanceTheory]
    [InlineData("colon:separated:id")]
    [InlineData("{hash-tag}")]
    [InlineData("$dollar")]
    [InlineData("dot.ted")]
    [InlineData("o'brien")]
    [InlineData("with space")]
    [InlineData("ünïcødé-日本-🙂")]
    [InlineData("glob*?[x]")]
    [InlineData("like%_\\")]
    [InlineData("k:{1}$.'ñ 🙂\"")]
    public async Task AwkwardIdsAndKeysRoundTripAndStayDistinct(string awkward)
    {
        var tag = NewId("");
        var agent = awkward + tag;
        var session = tag + awkward;
        // A neighbour whose id is a prefix of the awkward one, so that key builders that drop or split characters collide.
        var neighbour = tag;

        var created = await Store.CreateSessionAsync(SessionOf(session, agent, At(1)));
        await Store.CreateSessionAsync(SessionOf(neighbour, agent, At(2)));
        var memory = await Store.PutMemoryAsync(MemoryOf(awkward + "-m" + tag, agent, awkward, MemoryKind.ShortTerm, session, At(1)));
        var audit = await Store.InsertAuditLogAsync(AuditOf(awkward + "-a" + tag, agent, session, At(1)));
        var trace = await Store.InsertTraceAsync(TraceOf(awkward + "-t" + tag, session, At(1), parentId: awkward));
        var first = await Store.AppendEventAsync(EventOf(awkward + "-e" + tag, session));
        await Store.AppendEventAsync(EventOf("neighbour-e" + tag, neighbour));
        var checkpoint = await Store.SaveCheckpointAsync(CheckpointOf(awkward + "-c" + tag, session, 1, At(1)));

        RecordAssert.Same(created, await Store.GetSessionAsync(session));
        Assert.Equal([neighbour, session], (await Store.ListSessionsAsync(agent, 10)).Select(s => s.Id));
        RecordAssert.Same(memory, await Store.GetMemoryAsync(agent, awkward));
        RecordAssert.Same(memory, Assert.Single(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm)));
        RecordAssert.Same(audit, Assert.Single(await Store.ListAuditLogsAsync(agent, 10)));
        RecordAssert.Same(trace, Assert.Single(await Store.ListTracesAsync(session)));
        RecordAssert.Same(first with { SeqNum = 1 }, Assert.Single(await Store.ListEventsAsync(session)));
        RecordAssert.Same(checkpoint, await Store.GetCheckpointAsync(checkpoint.Id));
        RecordAssert.Same(checkpoint, await Store.GetLatestCheckpointAsync(session));

        await Store.DeleteSessionAsync(session);
        Assert.Null(await Store.GetSessionAsync(session));
        Assert.Empty(await Store.ListEventsAsync(session));
        Assert.Equal(["neighbour-e" + tag], (await Store.ListEventsAsync(neighbour)).Select(e => e.Id));
        Assert.NotNull(await Store.GetSessionAsync(neighbour));
    }
}
