using System.Diagnostics;
using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Telemetry;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// The spans and metrics of one agent workload, captured by the OpenTelemetry SDK's in-memory exporter, on SQLite and
/// on PostgreSQL: the engine reports them once, so both backends must report the same shape.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class StorageTelemetryTests
{
    private const string SecretPayload = "payload-text-that-must-never-be-a-span-attribute";
    private const string SecretMemory = "memory-value-that-must-never-be-a-span-attribute";

    [Fact]
    public Task SqliteWorkloadReportsOneSpanPerOperationAndTheMetrics() => WorkloadReportsOneSpanPerOperationAndTheMetrics("sqlite");

    [ServerFact(TestServers.Postgres)]
    public Task PostgresWorkloadReportsOneSpanPerOperationAndTheMetrics() => WorkloadReportsOneSpanPerOperationAndTheMetrics("postgres");

    private static async Task WorkloadReportsOneSpanPerOperationAndTheMetrics(string backend)
    {
        await using var scratch = await ScratchBackend.CreateAsync(backend);
        var agent = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var session = "session-" + Guid.NewGuid().ToString("N")[..8];
        using var capture = new TelemetryCapture();

        await using (var storage = await scratch.OpenAsync(agent))
        {
            var created = await storage.CreateSessionAsync(new Session { Id = session, AgentId = agent });
            await storage.AppendEventAsync(new Event { Id = "e1", SessionId = session, Type = EventType.ChatMessage, Payload = new JsonObject { ["text"] = SecretPayload } });
            await storage.AppendEventAsync(new Event { Id = "e2", SessionId = session, Type = EventType.ChatMessage, Payload = new JsonObject { ["text"] = SecretPayload } });
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
                storage.AppendEventAsync(new Event { Id = "e3", SessionId = session, Type = EventType.ChatMessage }, expectedLastSeq: 1));
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => storage.UpdateSessionAsync(created with { Version = 7 }));
            await storage.PutMemoryAsync(new MemoryRecord { Id = "m1", AgentId = agent, Key = "k", Kind = MemoryKind.LongTerm, Value = JsonValue.Create(SecretMemory) });
            Assert.Equal(2, (await storage.ListEventsAsync(session)).Count);
            await storage.DeleteSessionAsync(session);
        }

        var spans = capture.Spans();
        var names = spans.Select(s => s.DisplayName).ToList();
        Assert.Contains("migrate", names);
        Assert.Contains("insert sessions", names);
        Assert.Equal(3, names.Count(n => n == "append events"));
        Assert.Contains("update sessions", names);
        Assert.Contains("upsert memory", names);
        Assert.Contains("list events", names);
        Assert.Contains("delete_session sessions", names);

        foreach (var span in spans)
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(scratch.DbSystem, span.GetTagItem("db.system.name"));
            Assert.Equal(span.DisplayName.Split(' ')[0], span.GetTagItem("db.operation.name"));
            // Nothing recorded may carry a payload, a memory value or the connection string.
            var recorded = string.Join("|", span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))));
            Assert.DoesNotContain(SecretPayload, recorded, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretMemory, recorded, StringComparison.Ordinal);
            Assert.DoesNotContain(scratch.Dsn, recorded, StringComparison.Ordinal);
        }

        var appends = spans.Where(s => s.DisplayName == "append events").ToList();
        Assert.All(appends, s => Assert.Equal(session, s.GetTagItem("chronos.session.id")));
        Assert.All(appends, s => Assert.Equal("events", s.GetTagItem("db.collection.name")));
        var fenced = Assert.Single(appends, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal(typeof(ConcurrencyConflictException).FullName, fenced.GetTagItem("error.type"));
        Assert.Equal(typeof(ConcurrencyConflictException).FullName, Assert.Single(fenced.Events, e => e.Name == "exception").Tags.Single(t => t.Key == "exception.type").Value);
        var insert = Assert.Single(spans, s => s.DisplayName == "insert sessions");
        Assert.Equal(agent, insert.GetTagItem("chronos.agent.id"));
        Assert.Equal(session, insert.GetTagItem("chronos.session.id"));
        Assert.Equal(agent, Assert.Single(spans, s => s.DisplayName == "upsert memory").GetTagItem("chronos.agent.id"));
        // On the generic cascade the session delete's child deletes are nested under it; on SQL it is one transaction.
        var delete = Assert.Single(spans, s => s.DisplayName == "delete_session sessions");
        Assert.All(spans.Where(s => s.ParentSpanId == delete.SpanId), child => Assert.StartsWith("delete", child.DisplayName, StringComparison.Ordinal));

        var durations = capture.Points(StorageTelemetry.OperationDurationMetric);
        Assert.All(durations, p => Assert.True(p.Has("db.system.name", scratch.DbSystem)));
        Assert.Equal(2, durations.Where(p => p.Has("db.operation.name", "append") && !p.Tags.ContainsKey("error.type")).Sum(p => p.Count));
        Assert.Equal(1, durations.Where(p => p.Has("db.operation.name", "append") && p.Has("error.type", typeof(ConcurrencyConflictException).FullName!)).Sum(p => p.Count));
        Assert.All(durations, p => Assert.True(p.Sum >= 0 && p.Sum < 60, $"duration sum {p.Sum}s"));

        var conflicts = capture.Points(StorageTelemetry.ConflictsMetric);
        Assert.Equal(1, conflicts.Where(p => p.Has("db.operation.name", "append")).Sum(p => p.Count));
        Assert.Equal(1, conflicts.Where(p => p.Has("db.operation.name", "update")).Sum(p => p.Count));

        var payload = capture.Points(StorageTelemetry.PayloadSizeMetric);
        var appended = Assert.Single(payload, p => p.Has("db.operation.name", "append"));
        Assert.Equal(2, appended.Count);
        Assert.True(appended.Sum > 2 * SecretPayload.Length, $"two appended events of more than {SecretPayload.Length} bytes each, measured {appended.Sum}");
        Assert.Empty(capture.Points(StorageTelemetry.TransientFailuresMetric));
    }
}
