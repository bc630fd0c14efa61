using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Size limits and JSON compression (issue 17 §3). Each backend declares its <see cref="BackendLimits"/>; the engine
/// refuses, before anything is sent, a record or field over them. Backends whose own limits are gigabytes are tested
/// through <see cref="StorageEngine.TighterLimits"/>, which applies the same check with a small limit.
/// </summary>
public abstract partial class StorageConformanceTests
{
    private StorageEngine Engine => Store as StorageEngine
        ?? throw new InvalidOperationException($"{Store.GetType().Name} is not a StorageEngine: the limit tests need one.");

    private Checkpoint LargeCheckpoint(string id, string session, JsonObject state) => new()
    {
        Id = id,
        SessionId = session,
        RunId = "run",
        NodeId = "node",
        State = state,
        SeqNum = 1,
        CreatedAt = At(1),
    };

    /// <summary>Every backend declares at least one size limit: what it can store is known before a write.</summary>
    [ConformanceFact]
    public void EveryBackendDeclaresItsSizeLimits()
    {
        var limits = Engine.Limits;
        Assert.True(limits.MaxRecordBytes is > 0 || limits.MaxFieldBytes is > 0, $"{Engine.BackendName} declares no size limit.");
        Assert.False(string.IsNullOrEmpty(limits.Source));
    }

    /// <summary>
    /// A record exactly at the record limit is stored; one byte over it is refused with the entity, id, largest field
    /// and both sizes, and nothing is written.
    /// </summary>
    [ConformanceFact]
    public async Task ARecordAtTheLimitIsStoredAndOneByteOverIsRefusedBeforeAnyWrite()
    {
        var checkpoint = LargeCheckpoint(NewId("c"), NewId("s"), new JsonObject { ["blob"] = new string('x', 20_000) });
        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = 1_000 };
        var first = await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.SaveCheckpointAsync(checkpoint));
        Assert.Equal(nameof(Checkpoint), first.Entity);
        Assert.Equal(checkpoint.Id, first.Key);
        Assert.Equal("state", first.Field);
        Assert.Equal(1_000, first.LimitBytes);
        Assert.True(first.SizeBytes > 20_000, $"the stored size {first.SizeBytes} leaves out the state");
        Assert.Contains(checkpoint.Id, first.Message);
        Assert.Contains(first.SizeBytes.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), first.Message);

        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = first.SizeBytes - 1 };
        var justOver = await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.SaveCheckpointAsync(checkpoint));
        Assert.Equal(first.SizeBytes, justOver.SizeBytes);
        Assert.Null(await Store.GetCheckpointAsync(checkpoint.Id));

        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = first.SizeBytes };
        RecordAssert.Same(checkpoint, await Store.SaveCheckpointAsync(checkpoint));
        RecordAssert.Same(checkpoint, await Store.GetCheckpointAsync(checkpoint.Id));
    }

    /// <summary>
    /// The same at the limit for JSON whose cheap size bound is loose (non-ASCII text, escapes, numbers): the engine
    /// counts exactly before refusing, so the reported size is the exact one (checked against a plain-ASCII twin whose
    /// size differs by exactly the difference of the two states' UTF-8 text), the exact size passes and one byte less
    /// refuses.
    /// </summary>
    [ConformanceFact]
    public async Task ARecordWithNonAsciiJsonAtTheLimitIsStored()
    {
        var state = new JsonObject { ["text"] = new string('\u00e9', 3_000) + "\"quoted\"\n", ["n"] = 12.5, ["list"] = new JsonArray(1, 2, "\u65e5\u672c") };
        var plain = new JsonObject { ["text"] = new string('x', 3_000) };
        var checkpoint = LargeCheckpoint(NewId("c"), NewId("s"), state);
        var twin = checkpoint with { State = plain };
        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = 100 };
        var exact = (await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.SaveCheckpointAsync(checkpoint))).SizeBytes;
        var twinSize = (await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.SaveCheckpointAsync(twin))).SizeBytes;
        Assert.Equal(twinSize - Utf8JsonBytes(plain) + Utf8JsonBytes(state), exact);

        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = exact - 1 };
        Assert.Equal(exact, (await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.SaveCheckpointAsync(checkpoint))).SizeBytes);
        Assert.Null(await Store.GetCheckpointAsync(checkpoint.Id));

        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = exact, MaxFieldBytes = exact };
        RecordAssert.Same(checkpoint, await Store.SaveCheckpointAsync(checkpoint));
        RecordAssert.Same(checkpoint, await Store.GetCheckpointAsync(checkpoint.Id));
    }

    /// <summary>The UTF-8 size of <paramref name="json"/> written compactly with the relaxed escaping stored JSON uses.</summary>
    private static long Utf8JsonBytes(JsonNode json) => System.Text.Encoding.UTF8.GetByteCount(json.ToJsonString(
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    /// <summary>A field over the field limit is refused naming that field, for every kind of write (here a session's metadata).</summary>
    [ConformanceFact]
    public async Task AFieldOverTheFieldLimitIsRefusedNamingIt()
    {
        Engine.TighterLimits = new BackendLimits { MaxFieldBytes = 4_096 };
        var session = SessionOf(NewId("s"), NewId("agent"), At(1)) with { Metadata = new JsonObject { ["notes"] = new string('n', 5_000) } };
        var error = await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.CreateSessionAsync(session));
        Assert.Equal("field", error.LimitKind);
        Assert.Equal("metadata", error.Field);
        Assert.Equal(4_096, error.LimitBytes);
        Assert.Null(await Store.GetSessionAsync(session.Id));
    }

    /// <summary>A batch holding one event over the limit, or over the atomic-write bytes, writes none of its events.</summary>
    [ConformanceFact]
    public async Task ABatchOverALimitWritesNothing()
    {
        var session = NewId("s");
        Event Sized(string id, int chars) => new() { Id = NewId(id), SessionId = session, Type = "t", Payload = new JsonObject { ["text"] = new string('p', chars) } };
        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = 3_000 };
        var error = await Assert.ThrowsAsync<RecordTooLargeException>(() =>
            Store.AppendEventsAsync(session, [Sized("small-1", 10), Sized("big", 5_000), Sized("small-2", 10)]));
        Assert.Equal(NewId("big"), error.Key);
        Assert.Empty(await Store.ListEventsAsync(session));

        Engine.TighterLimits = new BackendLimits { MaxAtomicWriteBytes = 5_000 };
        var tooMany = await Assert.ThrowsAsync<BatchTooLargeException>(() =>
            Store.AppendEventsAsync(session, [Sized("a", 2_000), Sized("b", 2_000), Sized("c", 2_000)]));
        Assert.Contains("bytes", tooMany.Message);
        Assert.Empty(await Store.ListEventsAsync(session));
    }

    /// <summary>A turn whose checkpoint is over the limit is refused whole: the session, events and audit entries stay as they were.</summary>
    [ConformanceFact]
    public async Task ATurnWithARecordOverTheLimitWritesNothing()
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = 3_000 };
        var turn = new TurnCommit
        {
            Session = created with { Status = SessionStatus.Ended },
            Events = [new Event { Id = NewId("e"), SessionId = created.Id, Type = "t", Payload = new JsonObject { ["ok"] = 1 } }],
            Checkpoint = LargeCheckpoint(NewId("c"), created.Id, new JsonObject { ["blob"] = new string('x', 5_000) }),
        };
        var error = await Assert.ThrowsAsync<RecordTooLargeException>(() => Store.CommitTurnAsync(turn));
        Assert.Equal(nameof(Checkpoint), error.Entity);
        Assert.Equal(created.Version, (await Store.GetSessionAsync(created.Id))!.Version);
        Assert.Empty(await Store.ListEventsAsync(created.Id));
        Assert.Null(await Store.GetCheckpointAsync(turn.Checkpoint!.Id));
    }

    /// <summary>
    /// A 1 MB checkpoint state (over DynamoDB's 400 KB item limit as text) fits under 400 KB compressed, reads back
    /// exactly, and still reads back once compression is switched off.
    /// </summary>
    [ConformanceFact]
    public async Task AOneMegabyteCheckpointFitsUnderFourHundredKilobytesCompressedAndReadsBackWithCompressionOff()
    {
        var state = CheckpointStates.Conversation(1_000_000);
        var checkpoint = LargeCheckpoint(NewId("c"), NewId("s"), state);
        Assert.True(state.ToJsonString().Length > 900_000, "the sample state is not about 1 MB");
        // As text it is over 400 KB; whether it is refused without compression depends on the backend (DynamoDB's
        // adapter Brotli-compresses large attributes by itself), so only the compressed write is the contract here.
        Engine.TighterLimits = new BackendLimits { MaxRecordBytes = 400 * 1024 };

        Engine.Compression = JsonCompression.Zstd(minBytes: 16 * 1024);
        RecordAssert.Same(checkpoint, await Store.SaveCheckpointAsync(checkpoint));
        RecordAssert.Same(checkpoint, await Store.GetCheckpointAsync(checkpoint.Id));

        Engine.Compression = null;
        RecordAssert.Same(checkpoint, await Store.GetLatestCheckpointAsync(checkpoint.SessionId));
    }

    /// <summary>Compressed events, a compressed batch and a compressed turn read back (and are returned) as given.</summary>
    [ConformanceFact]
    public async Task CompressedEventsAndTurnsReturnAndReadBackTheirJson()
    {
        Engine.Compression = JsonCompression.Zstd(minBytes: 1_024);
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)) with { Metadata = CheckpointStates.Conversation(4_000, seed: 1) });
        RecordAssert.Same(created, await Store.GetSessionAsync(created.Id));

        var single = await Store.AppendEventAsync(new Event { Id = NewId("e1"), SessionId = created.Id, Type = "t", Payload = CheckpointStates.Conversation(3_000, seed: 2) });
        Assert.True(JsonNode.DeepEquals(CheckpointStates.Conversation(3_000, seed: 2), single.Payload));
        if (SupportsAtomicBatches)
        {
            var batch = await Store.AppendEventsAsync(created.Id, [new Event { Id = NewId("e2"), SessionId = "", Type = "t", Payload = CheckpointStates.Conversation(3_000, seed: 3) }]);
            Assert.True(JsonNode.DeepEquals(CheckpointStates.Conversation(3_000, seed: 3), Assert.Single(batch).Payload));
        }
        if (SupportsAtomicTurns)
        {
            var committed = await Store.CommitTurnAsync(new TurnCommit
            {
                Session = created,
                Events = [new Event { Id = NewId("e3"), SessionId = "", Type = "t", Payload = CheckpointStates.Conversation(3_000, seed: 4) }],
                Checkpoint = LargeCheckpoint(NewId("c"), created.Id, CheckpointStates.Conversation(5_000, seed: 5)),
            });
            Assert.True(JsonNode.DeepEquals(CheckpointStates.Conversation(3_000, seed: 4), Assert.Single(committed.Events).Payload));
            Assert.True(JsonNode.DeepEquals(CheckpointStates.Conversation(5_000, seed: 5), committed.Checkpoint!.State));
            RecordAssert.Same(committed.Checkpoint, await Store.GetCheckpointAsync(committed.Checkpoint.Id));
        }
        foreach (var stored in await Store.ListEventsAsync(created.Id))
        {
            Assert.False(stored.Payload!.AsObject().ContainsKey("chronos:zstd"), "an event read back in its stored (compressed) form");
        }
    }

    /// <summary>Values user JSON could hold that look like the compression wrapper.</summary>
    public static TheoryData<string, bool> WrapperLookalikes => new()
    {
        { """{"chronos:zstd":"KLUv/SAEIQAAe30="}""", false },
        { """{"chronos:zstd":"KLUv/SAEIQAAe30="}""", true },
        { """{"chronos:zstd":"not base64 at all"}""", false },
        { """{"chronos:zstd":{"nested":true}}""", true },
        { """{"chronos:zstd":"x","other":1}""", false },
        { """{"inner":{"chronos:zstd":"KLUv/SAEIQAAe30="}}""", true },
    };

    /// <summary>
    /// User JSON shaped like the compression wrapper reads back exactly as written, with compression on or off: the
    /// wrapper is never ambiguous.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(WrapperLookalikes))]
    public async Task UserJsonShapedLikeTheCompressionWrapperReadsBackAsWritten(string json, bool compress)
    {
        Engine.Compression = compress ? JsonCompression.Zstd(minBytes: 0) : null;
        var state = JsonNode.Parse(json)!.AsObject();
        var checkpoint = LargeCheckpoint(NewId("c"), NewId("s"), state);
        await Store.SaveCheckpointAsync(checkpoint);
        Engine.Compression = null;
        Assert.True(JsonNode.DeepEquals(state, (await Store.GetCheckpointAsync(checkpoint.Id))!.State), "the lookalike did not read back as written");
        var appended = await Store.AppendEventAsync(new Event { Id = NewId("e"), SessionId = checkpoint.SessionId, Type = "t", Payload = state.DeepClone() });
        Assert.True(JsonNode.DeepEquals(state, appended.Payload));
        Assert.True(JsonNode.DeepEquals(state, Assert.Single(await Store.ListEventsAsync(checkpoint.SessionId)).Payload));
    }
}
