using Spectre.Console;
using Trace = Chronos.Storage.Trace;
using System.Text;
using System.Text.Json;
using Chronos.Storage;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary><c>copy</c>, <c>export</c> and <c>import</c>: all of an agent's state, idempotent and therefore resumable.</summary>
internal static class TransferCommands
{
    /// <summary>
    /// Copies every record of <paramref name="agentId"/> from the <paramref name="from"/> agent's backend to the
    /// <paramref name="to"/> agent's. Interrupted and run again, it continues: records are upserted as they are, each
    /// session's ledger resumes after the last event the target holds. Ends by comparing counts and a checksum per
    /// entity on both sides; exit code 1 when they differ.
    /// </summary>
    public static async Task<int> CopyAsync(CliContext cli, string from, string to, string agentId, int parallel, CancellationToken ct)
    {
        await using var source = await cli.OpenAsync(from, migrate: false, ct);
        await using var target = await cli.OpenAsync(to, migrate: true, ct);
        var writer = new StateWriter(target);

        var sessions = new List<Session>();
        await foreach (var s in AgentState.SessionsAsync(source, agentId, ct)) sessions.Add(s);
        var eventTotals = new long[sessions.Count];
        for (var i = 0; i < sessions.Count; i++) eventTotals[i] = await CountEventsAsync(source, sessions[i].Id, ct);

        using var progress = Progress.Start($"copy {agentId}: {from} -> {to}", eventTotals.Sum());
        long records = 0;
        foreach (var s in sessions) await writer.WriteAsync(s, ct);
        records += sessions.Count;
        await foreach (var m in AgentState.MemoryAsync(source, agentId, ct)) { await writer.WriteAsync(m, ct); records++; }
        await foreach (var a in AgentState.AuditLogsAsync(source, agentId, ct)) { await writer.WriteAsync(a, ct); records++; }
        progress.Note($"{records} sessions, memory and audit records");

        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct },
            async (session, token) =>
            {
                await foreach (var t in AgentState.TracesAsync(source, session.Id, token)) await writer.WriteAsync(t, token);
                await foreach (var c in AgentState.CheckpointsAsync(source, session.Id, token)) await writer.WriteAsync(c, token);
                // Resume: the target holds a prefix of this ledger (appends keep the source's numbers, in order).
                var done = await AgentState.LastSeqAsync(target, session.Id, token);
                progress.AlreadyThere(await CountEventsUpToAsync(source, session.Id, done, token));
                await foreach (var e in AgentState.ReadEventsAsync(source, session.Id, done, token))
                {
                    await writer.WriteAsync(e, token);
                    progress.Add(1);
                }
            });
        progress.Finish();

        return await VerifyAsync(cli, source, target, agentId, ct);
    }

    private static async Task<long> CountEventsAsync(IStorage storage, string sessionId, CancellationToken ct) =>
        await CountEventsUpToAsync(storage, sessionId, long.MaxValue, ct);

    private static async Task<long> CountEventsUpToAsync(IStorage storage, string sessionId, long lastSeq, CancellationToken ct)
    {
        if (lastSeq == 0) return 0;
        long count = 0;
        await foreach (var e in AgentState.ReadEventsAsync(storage, sessionId, 0, ct))
        {
            if (e.SeqNum > lastSeq) break;
            count++;
        }
        return count;
    }

    private static async Task<int> VerifyAsync(CliContext cli, IStorage source, IStorage target, string agentId, CancellationToken ct)
    {
        var expected = await StateChecksum.OfAsync(source, agentId, ct);
        var actual = await StateChecksum.OfAsync(target, agentId, ct);
        var rows = AgentState.Entities.Select(entity => new object?[]
        {
            entity, expected.Count(entity), actual.Count(entity), expected.Hash(entity)[..16], actual.Hash(entity)[..16],
            expected.Count(entity) == actual.Count(entity) && expected.Hash(entity) == actual.Hash(entity) ? "ok" : "DIFFERENT",
        }).ToList();
        cli.Output.Table("verification", ["entity", "source_count", "target_count", "source_sha256", "target_sha256", "result"], rows);
        return rows.All(r => (string)r[5]! == "ok") ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>Writes every record of <paramref name="agentId"/> as JSON lines: <c>{"entity":"Event","record":{...}}</c>.</summary>
    public static async Task<int> ExportAsync(CliContext cli, string from, string agentId, string? path, CancellationToken ct)
    {
        await using var source = await cli.OpenAsync(from, migrate: false, ct);
        await using var stream = path is null or "-" ? Console.OpenStandardOutput() : File.Create(path);
        var lines = new JsonLines(stream);
        await AgentState.ReadAllAsync(source, agentId, lines, ct);
        await stream.FlushAsync(ct);
        if (path is not null and not "-") Output.Error.MarkupLine($"exported {lines.Count} records of {Spectre.Console.Markup.Escape(agentId)} to {Spectre.Console.Markup.Escape(path)}");
        return ExitCodes.Ok;
    }

    /// <summary>Reads JSON lines written by <c>export</c> into the agent's backend; importing twice changes nothing.</summary>
    public static async Task<int> ImportAsync(CliContext cli, string to, string? path, CancellationToken ct)
    {
        await using var target = await cli.OpenAsync(to, migrate: true, ct);
        var writer = new StateWriter(target);
        var name = path is null or "-" ? "stdin" : path;
        using var reader = path is null or "-" ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(path, Encoding.UTF8);
        long line = 0, imported = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            try
            {
                await ImportLineAsync(writer, text, ct);
            }
            catch (Exception e) when (e is JsonException or ImportLineException or StorageArgumentException or DuplicateKeyException)
            {
                throw new ImportLineException($"{name}:{line}: {e.Message}", e);
            }
            imported++;
        }
        cli.Output.Line($"imported {imported} records from {name}");
        return ExitCodes.Ok;
    }

    private static Task ImportLineAsync(StateWriter writer, string text, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entity", out var entity) || entity.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object)
        {
            throw new ImportLineException("expected {\"entity\": \"Session|MemoryRecord|AuditLog|Trace|Checkpoint|Event\", \"record\": {...}}");
        }
        var json = record.GetRawText();
        return entity.GetString() switch
        {
            "Session" => writer.WriteAsync(Parse<Session>(json), ct),
            "MemoryRecord" => writer.WriteAsync(Parse<MemoryRecord>(json), ct),
            "AuditLog" => writer.WriteAsync(Parse<AuditLog>(json), ct),
            "Trace" => writer.WriteAsync(Parse<Trace>(json), ct),
            "Checkpoint" => writer.WriteAsync(Parse<Checkpoint>(json), ct),
            "Event" => writer.WriteAsync(Parse<Event>(json), ct),
            var other => throw new ImportLineException($"unknown entity '{other}' (one of {string.Join(", ", AgentState.Entities)})"),
        };
    }

    private static TEntity Parse<TEntity>(string json) where TEntity : class, IStorageEntity<TEntity> =>
        EntityJson.Deserialize<TEntity>(json) ?? throw new ImportLineException($"{TEntity.Schema.EntityName}: the record is null");

    /// <summary>JSON lines of entity records.</summary>
    private sealed class JsonLines(Stream stream) : IRecordSink
    {
        private readonly Utf8JsonWriter _writer = new(stream);

        public long Count { get; private set; }

        public void Add<TEntity>(TEntity record) where TEntity : class, IStorageEntity<TEntity>
        {
            _writer.Reset(stream);
            _writer.WriteStartObject();
            _writer.WriteString("entity", TEntity.Schema.EntityName);
            _writer.WritePropertyName("record");
            JsonSerializer.Serialize(_writer, record, EntityJson.TypeInfo<TEntity>());
            _writer.WriteEndObject();
            _writer.Flush();
            stream.Write("\n"u8);
            Count++;
        }
    }
}

/// <summary>A line of an import that is not a record this tool wrote; the message starts with file:line.</summary>
internal sealed class ImportLineException(string message, Exception? inner = null) : Exception(message, inner);
