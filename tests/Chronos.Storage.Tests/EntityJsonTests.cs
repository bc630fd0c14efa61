using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// The JSON contract of the six built-in entities (issue 13 §5): <see cref="EntityJson"/> and the generated
/// <c>XxxJson.TypeInfo</c> round-trip every field under its storage name, and JSON written by the Go seed (Go field
/// names, empty optional fields omitted, RFC 3339 nanosecond times) reads.
/// </summary>
public sealed class EntityJsonTests
{
    private static readonly DateTime At = new(2026, 12, 6, 22, 40, 1, DateTimeKind.Utc);

    private static void AssertRoundTrip<T>(T entity, string[] storageNames) where T : IStorageEntity<T>
    {
        var json = EntityJson.Serialize(entity);
        var names = JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(storageNames, names);
        Assert.Equal(T.Schema.Fields.Select(f => f.StorageName), names);
        var back = EntityJson.Deserialize<T>(json)!;
        Assert.Equal(json, EntityJson.Serialize(back));
        // The same through the type info an application passes to JsonSerializer itself.
        Assert.Equal(json, JsonSerializer.Serialize(entity, EntityJson.TypeInfo<T>()));
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < depth; i++) node = new JsonArray(node);
        return node;
    }

    [Fact]
    public void An_event_whose_payload_is_at_the_storage_depth_limit_round_trips()
    {
        // The entity object adds one level above its fields: the contract must still read what every store accepts.
        var @event = new Event { Id = "e1", SessionId = "s1", SeqNum = 1, Type = "t", Payload = Nested(StorageLimits.MaxJsonDepth), CreatedAt = At };
        var back = EntityJson.Deserialize<Event>(EntityJson.Serialize(@event))!;
        Assert.True(JsonNode.DeepEquals(@event.Payload, back.Payload));
    }

    [Fact]
    public void Session_round_trips_under_its_storage_names()
    {
        var session = new Session
        {
            Id = "s1", AgentId = "a1", UserId = "u1", Status = SessionStatus.Ended,
            Metadata = new JsonObject { ["k"] = 1 }, CreatedAt = At, UpdatedAt = At.AddSeconds(1), Version = 3,
        };
        AssertRoundTrip(session, ["id", "agent_id", "user_id", "status", "metadata", "created_at", "updated_at", "version"]);
        var back = JsonSerializer.Deserialize(JsonSerializer.Serialize(session, SessionJson.TypeInfo), SessionJson.TypeInfo)!;
        Assert.Equal(session.Id, back.Id);
        Assert.Equal(session.UpdatedAt, back.UpdatedAt);
        Assert.Equal(3, back.Version);
        Assert.Equal(1, (int)back.Metadata["k"]!);
    }

    [Fact]
    public void MemoryRecord_round_trips_under_its_storage_names() => AssertRoundTrip(
        new MemoryRecord { Id = "m1", SessionId = "s1", AgentId = "a1", UserId = "u", Kind = "long_term", Key = "k", Value = JsonValue.Create("v"), CreatedAt = At },
        ["id", "session_id", "agent_id", "user_id", "kind", "key", "value", "created_at"]);

    [Fact]
    public void AuditLog_round_trips_under_its_storage_names() => AssertRoundTrip(
        new AuditLog { Id = "l1", SessionId = "s1", AgentId = "a1", Actor = "me", Action = "do", Resource = "r", Detail = new JsonObject { ["x"] = true }, CreatedAt = At },
        ["id", "session_id", "agent_id", "actor", "action", "resource", "detail", "created_at"]);

    [Fact]
    public void Trace_round_trips_under_its_storage_names() => AssertRoundTrip(
        new Trace { Id = "t1", SessionId = "s1", ParentId = "t0", Name = "n", Kind = "tool", Input = new JsonArray(1, 2), Output = JsonValue.Create(3.5), Error = "e", StartedAt = At, EndedAt = At.AddMilliseconds(5) },
        ["id", "session_id", "parent_id", "name", "kind", "input", "output", "error", "started_at", "ended_at"]);

    [Fact]
    public void Event_round_trips_under_its_storage_names() => AssertRoundTrip(
        new Event { Id = "e1", SessionId = "s1", SeqNum = long.MaxValue, Type = "chat_message", Payload = new JsonObject { ["text"] = "hi" }, CreatedAt = At },
        ["id", "session_id", "seq_num", "type", "payload", "created_at"]);

    [Fact]
    public void Checkpoint_round_trips_under_its_storage_names() => AssertRoundTrip(
        new Checkpoint { Id = "c1", SessionId = "s1", RunId = "r1", NodeId = "n1", State = new JsonObject { ["step"] = 2 }, SeqNum = 7, CreatedAt = At },
        ["id", "session_id", "run_id", "node_id", "state", "seq_num", "created_at"]);

    [Fact]
    public void Go_seed_json_reads_with_go_field_names_and_omitted_empty_fields()
    {
        // encoding/json on the seed's untagged structs: Go field names, RFC 3339 with nanoseconds.
        var session = EntityJson.Deserialize<Session>(
            """{"ID":"s1","AgentID":"a1","Status":"active","Metadata":{"k":"v"},"CreatedAt":"2026-12-06T22:40:01.123456789Z","UpdatedAt":"2026-12-06T22:40:02Z"}""")!;
        Assert.Equal("s1", session.Id);
        Assert.Equal("a1", session.AgentId);
        Assert.Equal("", session.UserId);
        Assert.Equal("v", (string)session.Metadata["k"]!);
        Assert.Equal(At.AddTicks(1_234_560), session.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, session.CreatedAt.Kind);

        var evt = EntityJson.Deserialize<Event>("""{"ID":"e1","SessionID":"s1","SeqNum":42,"Type":"chat_message","Payload":{"text":"hi"},"CreatedAt":"2026-12-06T22:40:01Z"}""")!;
        Assert.Equal(("e1", "s1", 42L, "hi"), (evt.Id, evt.SessionId, evt.SeqNum, (string)evt.Payload!["text"]!));

        var checkpoint = EntityJson.Deserialize<Checkpoint>("""{"ID":"c1","SessionID":"s1","RunID":"r1","NodeID":"n1","State":{"a":1},"SeqNum":5,"CreatedAt":"2026-12-06T22:40:01Z"}""")!;
        Assert.Equal(("r1", "n1", 5L, 1), (checkpoint.RunId, checkpoint.NodeId, checkpoint.SeqNum, (int)checkpoint.State["a"]!));

        var memory = EntityJson.Deserialize<MemoryRecord>("""{"ID":"m1","AgentID":"a1","Kind":"long_term","Key":"k","CreatedAt":"2026-12-06T22:40:01Z"}""")!;
        Assert.Equal(("m1", "", "k"), (memory.Id, memory.SessionId, memory.Key));
        Assert.Null(memory.Value);

        // Snake-case storage names win when both spellings are present.
        var both = EntityJson.Deserialize<Session>("""{"id":"storage","ID":"go","agent_id":"a"}""")!;
        Assert.Equal("storage", both.Id);
    }

    [Fact]
    public void A_non_object_is_a_json_exception_naming_the_entity()
    {
        var error = Assert.Throws<JsonException>(() => EntityJson.Deserialize<Session>("[1]"));
        Assert.Contains("Session", error.Message);
    }
}

/// <summary><see cref="ChronosJsonResolver"/> in an application's resolver chain (issue 14 §5).</summary>
public sealed class ChronosJsonResolverTests
{
    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolverChain = { ChronosJsonResolver.Instance } };

    [Fact]
    public void A_session_and_a_list_of_events_serialize_through_the_chain_in_their_storage_shape()
    {
        var session = new Session { Id = "s1", AgentId = "a1", CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
        Assert.Equal(EntityJson.Serialize(session), JsonSerializer.Serialize(session, Options));

        List<Event> events = [new() { Id = "e1", SessionId = "s1", SeqNum = 1, Type = "t" }, new() { Id = "e2", SessionId = "s1", SeqNum = 2, Type = "t" }];
        var json = JsonSerializer.Serialize(events, Options);
        Assert.Equal("[" + EntityJson.Serialize(events[0]) + "," + EntityJson.Serialize(events[1]) + "]", json);
        Assert.Equal(json, JsonSerializer.Serialize<IReadOnlyList<Event>>(events, Options));
        Assert.Equal(json, JsonSerializer.Serialize(events.ToArray(), Options));
        var back = JsonSerializer.Deserialize<List<Event>>(json, Options)!;
        Assert.Equal(["e1", "e2"], back.Select(e => e.Id));
    }

    [Fact]
    public void Types_it_does_not_own_are_left_to_the_rest_of_the_chain() =>
        Assert.Null(ChronosJsonResolver.Instance.GetTypeInfo(typeof(string), Options));
}

/// <summary>Typed access to the JSON fields through the caller's own source-generated type info (issue 14 §5).</summary>
public sealed partial class JsonFieldAccessorTests
{
    public sealed record Order(string Sku, int Count);

    [System.Text.Json.Serialization.JsonSerializable(typeof(Order))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(int[]))]
    private sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;

    [Fact]
    public void Fields_read_as_T_and_write_from_T()
    {
        var order = new Order("x-1", 3);
        var evt = new Event { Id = "e", SessionId = "s", Type = "t" }.WithPayload(order, AppJson.Default.Order);
        Assert.Equal("x-1", (string)evt.Payload!["Sku"]!);
        Assert.Equal(order, evt.GetPayload(AppJson.Default.Order));
        Assert.Equal(order, new Checkpoint { Id = "c", SessionId = "s" }.WithState(order, AppJson.Default.Order).GetState(AppJson.Default.Order));
        Assert.Equal(order, new Session { Id = "s", AgentId = "a" }.WithMetadata(order, AppJson.Default.Order).GetMetadata(AppJson.Default.Order));
        Assert.Equal(order, new AuditLog { Id = "l", AgentId = "a", Action = "x" }.WithDetail(order, AppJson.Default.Order).GetDetail(AppJson.Default.Order));
        Assert.Equal(order, new MemoryRecord { Id = "m", AgentId = "a", Kind = "k", Key = "k" }.WithValue(order, AppJson.Default.Order).GetValue(AppJson.Default.Order));
        var trace = new Trace { Id = "t", SessionId = "s", Name = "n" }.WithInput(order, AppJson.Default.Order).WithOutput([1, 2], AppJson.Default.Int32Array);
        Assert.Equal(order, trace.GetInput(AppJson.Default.Order));
        Assert.Equal([1, 2], trace.GetOutput(AppJson.Default.Int32Array)!);
        Assert.Null(new Event { Id = "e", SessionId = "s", Type = "t" }.GetPayload(AppJson.Default.Order));
    }

    [Fact]
    public void An_object_field_refuses_a_value_that_is_not_an_object()
    {
        var error = Assert.Throws<ArgumentException>(() => new Checkpoint { Id = "c", SessionId = "s" }.WithState([1], AppJson.Default.Int32Array));
        Assert.Contains("State", error.Message);
    }
}
