using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// A JSON field changed out of band (another tool, a hand edit, a JSON nested beyond
/// <see cref="StorageLimits.MaxJsonDepth"/> written straight into the database) makes every read that touches the
/// record fail with <see cref="StoredRecordFormatException"/> naming entity, id and field, never with a bare parser
/// error. A backend's test project derives a class and supplies <see cref="CorruptStoredFieldAsync"/>.
/// </summary>
public abstract class CorruptedStoredValueTests : IAsyncLifetime
{
    private IStorage? _store;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh, migrated store.</summary>
    protected abstract Task<IStorage> CreateStoreAsync();

    /// <summary>
    /// Writes <paramref name="rawJsonText"/> with the driver, bypassing the library, as the value of
    /// <paramref name="storageField"/> of record <paramref name="id"/> in <paramref name="storageName"/>.
    /// Returns false when the database itself refuses the text (e.g. PostgreSQL jsonb refuses text that is not JSON).
    /// </summary>
    protected abstract Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText);

    /// <summary>The store under test.</summary>
    protected IStorage Store => _store ?? throw new InvalidOperationException("Created in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_store is { } store) await store.DisposeAsync();
    }

    private string NewId(string prefix) => $"{prefix}-{_tag}";

    /// <summary>Raw values no writer of this library produces, by name (test data cannot carry the long one).</summary>
    /// <remarks>
    /// The <c>zstd-</c> ones are damaged compressed values (<see cref="JsonCompression"/>): not base64, not a zstd
    /// frame, and a decompression bomb (a frame header declaring 4 GiB), which must be refused before allocating.
    /// </remarks>
    public static TheoryData<string> Corruptions => new() { "not-json", "string-for-object", "too-deep", "zstd-not-base64", "zstd-not-a-frame", "zstd-bomb" };

    private static string RawText(string name) => name switch
    {
        "not-json" => "not-json{",
        "string-for-object" => "\"a string where an object belongs\"",
        "too-deep" => string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)),
        "zstd-not-base64" => """{"chronos:zstd":"%%% not base64 %%%"}""",
        "zstd-not-a-frame" => """{"chronos:zstd":"aGVsbG8gd29ybGQ="}""",
        "zstd-bomb" => """{"chronos:zstd":"KLUv/eAAAAAAAQAAAAEAAA=="}""",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static async Task AssertNamesTheFieldAsync(Func<Task> read, string entity, string id, string field)
    {
        var error = await Assert.ThrowsAsync<StoredRecordFormatException>(read);
        Assert.Equal(entity, error.Entity);
        Assert.Equal(id, error.Key);
        Assert.Equal(field, error.Field);
        Assert.Contains(id, error.Message);
        Assert.True(error.Message.Length < 1200, "the message quotes more than a short preview of the stored value");
    }

    /// <summary>
    /// A session whose metadata was changed out of band fails both the single read and the agent's list with the
    /// field named, so an operator knows which row to mend instead of seeing a parser stack trace.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task ACorruptedSessionFailsGetAndListNamingTheField(string corruption)
    {
        var agent = NewId("agent");
        var session = await Store.CreateSessionAsync(new Session { Id = NewId("s"), AgentId = agent, Metadata = new JsonObject { ["ok"] = 1 } });
        if (!await CorruptStoredFieldAsync(Store, "sessions", session.Id, "metadata", RawText(corruption))) return;

        await AssertNamesTheFieldAsync(() => Store.GetSessionAsync(session.Id), nameof(Session), session.Id, "metadata");
        await AssertNamesTheFieldAsync(() => Store.ListSessionsAsync(agent, 10), nameof(Session), session.Id, "metadata");
    }

    /// <summary>
    /// One bad event payload fails the ledger read naming the event and field: a replay must stop loudly rather than
    /// skip or mangle a turn.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task ACorruptedEventFailsListEventsNamingTheField(string corruption)
    {
        var session = NewId("s");
        var appended = await Store.AppendEventAsync(new Event { Id = NewId("e"), SessionId = session, Type = "t", Payload = new JsonObject { ["ok"] = 1 } });
        if (!await CorruptStoredFieldAsync(Store, "events", appended.Id, "payload", RawText(corruption))) return;

        if (corruption == "string-for-object")
        {
            // Event.Payload is any JSON value: a string is a legitimate payload, so it reads back as one.
            Assert.Equal("a string where an object belongs", Assert.Single(await Store.ListEventsAsync(session)).Payload!.GetValue<string>());
            return;
        }
        await AssertNamesTheFieldAsync(() => Store.ListEventsAsync(session), nameof(Event), appended.Id, "payload");
    }

    /// <summary>
    /// A corrupted checkpoint state fails the resume path (latest checkpoint) naming the checkpoint and field, so an
    /// agent never resumes from half-read state.
    /// </summary>
    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task ACorruptedCheckpointFailsGetLatestNamingTheField(string corruption)
    {
        var session = NewId("s");
        var saved = await Store.SaveCheckpointAsync(new Checkpoint { Id = NewId("c"), SessionId = session, RunId = "r", NodeId = "n", State = new JsonObject { ["ok"] = 1 }, SeqNum = 1 });
        if (!await CorruptStoredFieldAsync(Store, "checkpoints", saved.Id, "state", RawText(corruption))) return;

        await AssertNamesTheFieldAsync(() => Store.GetLatestCheckpointAsync(session), nameof(Checkpoint), saved.Id, "state");
        await AssertNamesTheFieldAsync(() => Store.GetCheckpointAsync(saved.Id), nameof(Checkpoint), saved.Id, "state");
    }
}
