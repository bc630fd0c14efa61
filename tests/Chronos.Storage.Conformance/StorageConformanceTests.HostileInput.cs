using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Hostile input (issue 13): JSON at and beyond <see cref="StorageLimits.MaxJsonDepth"/>, strings that are not valid
/// UTF-16, NUL, long strings, extreme numbers and nulls in required fields. Whatever is accepted reads back exactly;
/// whatever is refused is refused before any write with a <see cref="StorageArgumentException"/> naming entity, id and
/// field, and the session's later reads still work.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>The write operations that carry caller JSON, by name.</summary>
    public static TheoryData<string> JsonWrites => new(JsonWriteNames);

    private static readonly string[] JsonWriteNames = ["CreateSession", "PutMemory", "SaveCheckpoint", "AppendEvent", "InsertAuditLog", "InsertTrace"];

    /// <summary>Every operation × every depth beyond the limit.</summary>
    public static TheoryData<string, int> JsonWritesBeyondDepth
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var operation in JsonWriteNames)
            {
                foreach (var depth in new[] { 65, 200, 1000, 100_000 }) data.Add(operation, depth);
            }
            return data;
        }
    }

    /// <summary>An object of exactly <paramref name="depth"/> nested containers (objects and arrays alternating), built without recursion.</summary>
    protected static JsonObject NestedJson(int depth)
    {
        JsonNode inner = new JsonObject { ["leaf"] = 1 };
        for (var level = 2; level <= depth; level++)
        {
            inner = (depth - level) % 2 == 1 ? new JsonArray(inner) : new JsonObject { ["d"] = inner };
        }
        return (JsonObject)inner;
    }

    /// <summary>Writes <paramref name="json"/> through <paramref name="operation"/> into the test's session; returns how to read it back.</summary>
    private async Task<Func<Task<JsonNode?>>> WriteJsonAsync(string operation, JsonObject json, string session)
    {
        var agent = NewId("hostile-agent");
        switch (operation)
        {
            case "CreateSession":
                var s = await Store.CreateSessionAsync(SessionOf(session, agent, At(1)) with { Metadata = json });
                return async () => (await Store.GetSessionAsync(s.Id))?.Metadata;
            case "PutMemory":
                var m = await Store.PutMemoryAsync(MemoryOf(NewId("m"), agent, "k", MemoryKind.LongTerm, "", At(1), json));
                return async () => (await Store.GetMemoryAsync(agent, "k"))?.Value;
            case "SaveCheckpoint":
                var c = await Store.SaveCheckpointAsync(CheckpointOf(NewId("c"), session, 1, At(1)) with { State = json });
                return async () => (await Store.GetLatestCheckpointAsync(session))?.State;
            case "AppendEvent":
                await Store.AppendEventAsync(EventOf(NewId("e"), session) with { Payload = json });
                return async () => (await Store.ListEventsAsync(session)).SingleOrDefault()?.Payload;
            case "InsertAuditLog":
                await Store.InsertAuditLogAsync(AuditOf(NewId("a"), agent, session, At(1)) with { Detail = json });
                return async () => (await Store.ListAuditLogsAsync(agent, 10)).SingleOrDefault()?.Detail;
            case "InsertTrace":
                await Store.InsertTraceAsync(TraceOf(NewId("t"), session, At(1)) with { Input = json });
                return async () => (await Store.ListTracesAsync(session)).SingleOrDefault()?.Input;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    /// <summary>Every read that touches the session or its children; none may throw.</summary>
    private async Task AssertSessionStillReadsAsync(string session)
    {
        await Store.GetSessionAsync(session);
        await Store.ListEventsAsync(session);
        await Store.GetLatestCheckpointAsync(session);
        await Store.ListTracesAsync(session);
        await Store.ListSessionsAsync(NewId("hostile-agent"), 10);
        await Store.ListMemoryAsync(NewId("hostile-agent"), MemoryKind.LongTerm);
        await Store.ListAuditLogsAsync(NewId("hostile-agent"), 10);
    }

    private static async Task<StorageArgumentException> AssertRefusedAsync(Func<Task> write, string entity, string field)
    {
        var error = await Assert.ThrowsAsync<StorageArgumentException>(write);
        Assert.Equal(entity, error.Entity);
        Assert.Equal(field, error.Field);
        return error;
    }

    private static (string Entity, string Field) JsonFieldOf(string operation) => operation switch
    {
        "CreateSession" => (nameof(Session), "metadata"),
        "PutMemory" => (nameof(MemoryRecord), "value"),
        "SaveCheckpoint" => (nameof(Checkpoint), "state"),
        "AppendEvent" => (nameof(Event), "payload"),
        "InsertAuditLog" => (nameof(AuditLog), "detail"),
        "InsertTrace" => (nameof(Trace), "input"),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>
    /// JSON nested exactly StorageLimits.MaxJsonDepth levels is accepted and reads back; the backend's own limit must
    /// not be lower.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(JsonWrites))]
    public async Task JsonAtTheDepthLimitRoundTripsExactly(string operation)
    {
        Assert.Equal(64, StorageLimits.MaxJsonDepth);
        var json = NestedJson(StorageLimits.MaxJsonDepth);
        var read = await WriteJsonAsync(operation, json, NewId("s"));

        var back = await read();

        Assert.True(JsonNode.DeepEquals(json, back), $"{operation}: the {StorageLimits.MaxJsonDepth}-deep JSON did not round trip.");
    }

    /// <summary>
    /// Deeper JSON is refused before the write, so no backend ever holds a record that some reader could not parse.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(JsonWritesBeyondDepth))]
    public async Task JsonBeyondTheDepthLimitIsRefusedAndNothingIsStored(string operation, int depth)
    {
        var session = NewId("s");
        var (entity, field) = JsonFieldOf(operation);

        var error = await AssertRefusedAsync(() => WriteJsonAsync(operation, NestedJson(depth), session), entity, field);

        Assert.Contains(StorageLimits.MaxJsonDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.NotNull(error.Key);
        Assert.Contains(error.Key!, error.Message);
        Assert.Null(await (await ReadOnlyAsync(operation, session))());
        await AssertSessionStillReadsAsync(session);
    }

    /// <summary>The read half of <see cref="WriteJsonAsync"/>, for checking that a refused write stored nothing.</summary>
    private Task<Func<Task<JsonNode?>>> ReadOnlyAsync(string operation, string session)
    {
        var agent = NewId("hostile-agent");
        Func<Task<JsonNode?>> read = operation switch
        {
            "CreateSession" => async () => (await Store.GetSessionAsync(session))?.Metadata,
            "PutMemory" => async () => (await Store.GetMemoryAsync(agent, "k"))?.Value,
            "SaveCheckpoint" => async () => (await Store.GetLatestCheckpointAsync(session))?.State,
            "AppendEvent" => async () => (await Store.ListEventsAsync(session)).SingleOrDefault()?.Payload,
            "InsertAuditLog" => async () => (await Store.ListAuditLogsAsync(agent, 10)).SingleOrDefault()?.Detail,
            "InsertTrace" => async () => (await Store.ListTracesAsync(session)).SingleOrDefault()?.Input,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        return Task.FromResult(read);
    }

    /// <summary>Where a hostile string goes: an id, another string field, a JSON string value, a JSON property name.</summary>
    public static TheoryData<string, string, string> HostileStringPlaces
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var text in new[] { "high-D800", "high-DBFF", "low-DC00", "reversed-pair", "nul" })
            {
                foreach (var operation in JsonWriteNames)
                {
                    foreach (var place in new[] { "id", "string", "json-value", "json-name" })
                    {
                        data.Add(text, operation, place);
                    }
                }
            }
            return data;
        }
    }

    /// <summary>Strings made inside the test: xunit cannot serialize invalid UTF-16 in test data.</summary>
    private static string HostileText(string name) => name switch
    {
        "high-D800" => "m\uD800",
        "high-DBFF" => "m\uDBFF",
        "low-DC00" => "m\uDC00x",
        "reversed-pair" => "m\uDE00\uD83D",
        "nul" => "m\0x",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// Lone surrogates and NUL would be stored changed or not at all on some backend, so every write refuses them
    /// first, naming the field.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(HostileStringPlaces))]
    public async Task InvalidUtf16AndNulAreRefusedBeforeAnyWrite(string text, string operation, string place)
    {
        var hostile = HostileText(text);
        var session = NewId("s");
        var agent = NewId("hostile-agent");
        var json = place switch
        {
            "json-value" => new JsonObject { ["a"] = new JsonArray("ok", hostile) },
            "json-name" => new JsonObject { ["a"] = new JsonObject { [hostile] = 1 } },
            _ => new JsonObject { ["a"] = 1 },
        };
        var id = place == "id" ? NewId("x") + hostile : NewId("x");
        var other = place == "string" ? hostile : "fine";
        var (entity, jsonField) = JsonFieldOf(operation);
        var (write, field) = operation switch
        {
            "CreateSession" => ((Func<Task>)(() => Store.CreateSessionAsync(SessionOf(id, agent, At(1)) with { Metadata = json, UserId = other })), "user_id"),
            "PutMemory" => (() => Store.PutMemoryAsync(MemoryOf(id, agent, "k" + other, MemoryKind.LongTerm, "", At(1), json)), "key"),
            "SaveCheckpoint" => (() => Store.SaveCheckpointAsync(CheckpointOf(id, session, 1, At(1)) with { State = json, NodeId = other }), "node_id"),
            "AppendEvent" => (() => Store.AppendEventAsync(EventOf(id, session) with { Payload = json, Type = other }), "type"),
            "InsertAuditLog" => (() => Store.InsertAuditLogAsync(AuditOf(id, agent, session, At(1)) with { Detail = json, Resource = other }), "resource"),
            "InsertTrace" => (() => Store.InsertTraceAsync(TraceOf(id, session, At(1)) with { Input = json, Name = other }), "name"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        var expectedField = place switch { "id" => "id", "string" => field, _ => jsonField };

        var error = await AssertRefusedAsync(write, entity, expectedField);

        if (place.StartsWith("json", StringComparison.Ordinal)) Assert.Contains("$.a", error.Message);
        Assert.Null(await (await ReadOnlyAsync(operation, session))());
        if (operation == "CreateSession") Assert.Empty(await Store.ListSessionsAsync(agent, 10));
        await AssertSessionStillReadsAsync(session);
    }

    /// <summary>
    /// Ids are compared exactly; a backend that normalizes or replaces invalid UTF-16 in keys would make two records
    /// one.
    /// </summary>
    [ConformanceFact]
    public async Task TwoIdsThatDifferOnlyInALoneSurrogateDoNotCollide()
    {
        var agent = NewId("hostile-agent");
        var first = SessionOf(NewId("m") + "\uD800", agent, At(1));

        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CreateSessionAsync(first));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CreateSessionAsync(first with { Id = NewId("m") + "\uDBFF" }));

        Assert.Empty(await Store.ListSessionsAsync(agent, 10));
    }

    /// <summary>
    /// NaN and infinities are not JSON; they are refused before the write instead of being stored as a string or
    /// failing in the driver.
    /// </summary>
    [ConformanceFact]
    public async Task NonFiniteNumbersInsideJsonAreRefused()
    {
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var error = await AssertRefusedAsync(
                () => Store.AppendEventAsync(EventOf(NewId("e"), NewId("s")) with { Payload = new JsonObject { ["x"] = new JsonArray(1, JsonValue.Create(value)) } }),
                nameof(Event), "payload");
            Assert.Contains("$.x[1]", error.Message);
        }
        Assert.Empty(await Store.ListEventsAsync(NewId("s")));
    }

    /// <summary>Long text is not truncated by a backend column type or key size limit.</summary>
    [ConformanceFact]
    public async Task TenThousandCharacterStringsRoundTrip()
    {
        var longText = string.Concat(Enumerable.Repeat("abcdé😀xyz", 1000));
        Assert.Equal(10_000, longText.Length);
        var session = SessionOf(NewId("s"), NewId("hostile-agent"), At(1)) with
        {
            UserId = longText,
            Status = longText,
            Metadata = new JsonObject { [longText] = longText },
        };

        await Store.CreateSessionAsync(session);

        RecordAssert.Same(session with { Version = 1 }, await Store.GetSessionAsync(session.Id));
    }

    /// <summary>
    /// Large integers, tiny and huge doubles inside JSON read back exactly; a backend that parses JSON numbers as
    /// doubles would lose digits.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(JsonWrites))]
    public async Task ExtremeNumbersInsideJsonRoundTripExactly(string operation)
    {
        const string text = """{"max":1e308,"two63":9223372036854775808,"two64":18446744073709551616,"negzero":-0,"min":-9223372036854775808,"zero":0}""";
        var json = JsonNode.Parse(text)!.AsObject();
        var read = await WriteJsonAsync(operation, json, NewId("s"));

        var back = (await read())!.AsObject();

        Assert.Equal(1e308, back["max"]!.GetValue<double>());
        Assert.Equal(9223372036854775808UL, back["two63"]!.GetValue<ulong>());
        Assert.Equal(18446744073709551616m, back["two64"]!.GetValue<decimal>());
        Assert.Equal(long.MinValue, back["min"]!.GetValue<long>());
        Assert.Equal(0L, back["zero"]!.GetValue<long>());
        Assert.Equal(0, back["zero"]!.GetValue<int>());
        Assert.Equal(0.0, back["negzero"]!.GetValue<double>());
        Assert.Equal(JsonValueKind.Number, back["two64"]!.GetValueKind());
    }

    /// <summary>
    /// False on a backend whose JSON column cannot hold a negative zero (PostgreSQL jsonb stores numbers as
    /// <c>numeric</c>, which has no -0): there -0 reads back as 0, equal in value but without its sign.
    /// </summary>
    protected virtual bool JsonKeepsNegativeZero => true;

    /// <summary>
    /// -0.0 inside JSON keeps its sign on backends that can represent it; the others declare that they cannot
    /// (JsonKeepsNegativeZero).
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(JsonWrites))]
    public async Task NegativeZeroInsideJsonKeepsItsSignWhereTheBackendCanHoldIt(string operation)
    {
        var read = await WriteJsonAsync(operation, JsonNode.Parse("""{"negzero":-0,"negzerofraction":-0.0}""")!.AsObject(), NewId("s"));

        var back = (await read())!.AsObject();

        foreach (var name in new[] { "negzero", "negzerofraction" })
        {
            var value = back[name]!.GetValue<double>();
            Assert.Equal(0.0, value);
            Assert.True(double.IsNegative(value) == JsonKeepsNegativeZero, $"{name} came back as {back[name]!.ToJsonString()}");
        }
    }

    /// <summary>Each required (non-nullable in the schema) field set to null, by name.</summary>
    public static TheoryData<string> RequiredNulls => new()
    {
        "Session.metadata", "Session.status", "Session.user_id",
        "MemoryRecord.user_id",
        "Checkpoint.state", "Checkpoint.run_id", "Checkpoint.node_id",
        "AuditLog.detail", "AuditLog.actor", "AuditLog.resource", "AuditLog.session_id",
        "Trace.kind",
    };

    /// <summary>
    /// A null in a field the schema requires is refused before any write, naming the entity and field.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(RequiredNulls))]
    public async Task NullInARequiredFieldIsRefusedNamingTheField(string name)
    {
        var session = NewId("s");
        var agent = NewId("hostile-agent");
        var id = NewId("x");
        Func<Task> write = name switch
        {
            "Session.metadata" => () => Store.CreateSessionAsync(SessionOf(session, agent, At(1)) with { Metadata = null! }),
            "Session.status" => () => Store.CreateSessionAsync(SessionOf(session, agent, At(1)) with { Status = null! }),
            "Session.user_id" => () => Store.CreateSessionAsync(SessionOf(session, agent, At(1)) with { UserId = null! }),
            "MemoryRecord.user_id" => () => Store.PutMemoryAsync(MemoryOf(id, agent, "k", MemoryKind.LongTerm, "", At(1)) with { UserId = null! }),
            "Checkpoint.state" => () => Store.SaveCheckpointAsync(CheckpointOf(id, session, 1, At(1)) with { State = null! }),
            "Checkpoint.run_id" => () => Store.SaveCheckpointAsync(CheckpointOf(id, session, 1, At(1)) with { RunId = null! }),
            "Checkpoint.node_id" => () => Store.SaveCheckpointAsync(CheckpointOf(id, session, 1, At(1)) with { NodeId = null! }),
            "AuditLog.detail" => () => Store.InsertAuditLogAsync(AuditOf(id, agent, session, At(1)) with { Detail = null! }),
            "AuditLog.actor" => () => Store.InsertAuditLogAsync(AuditOf(id, agent, session, At(1)) with { Actor = null! }),
            "AuditLog.resource" => () => Store.InsertAuditLogAsync(AuditOf(id, agent, session, At(1)) with { Resource = null! }),
            "AuditLog.session_id" => () => Store.InsertAuditLogAsync(AuditOf(id, agent, session, At(1)) with { SessionId = null! }),
            "Trace.kind" => () => Store.InsertTraceAsync(TraceOf(id, session, At(1)) with { Kind = null! }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var entity = name[..name.IndexOf('.')];
        var field = name[(name.IndexOf('.') + 1)..];

        var error = await AssertRefusedAsync(write, entity, field);

        Assert.Contains("null", error.Message);
        Assert.Null(await Store.GetSessionAsync(session));
        Assert.Empty(await Store.ListAuditLogsAsync(agent, 10));
        Assert.Null(await Store.GetCheckpointAsync(id));
        Assert.Empty(await Store.ListTracesAsync(session));
        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.LongTerm));
    }
}
