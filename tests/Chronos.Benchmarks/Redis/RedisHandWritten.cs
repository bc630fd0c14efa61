using System.Globalization;
using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Redis;
using StackExchange.Redis;

namespace Chronos.Benchmarks.Redis;

/// <summary>
/// The baseline: hand-written StackExchange.Redis on the adapter's key layout (README.md of the adapter), with the
/// adapter's own append script: one batch of EVALSHA (the ledger script) + SET NX GET (the id locator); the list is
/// ZRANGEBYLEX then every HGETALL in one pipelined batch, hash fields read by name into the record.
/// Keys and hash fields are written out by hand; ids and session ids here contain no character that needs escaping.
/// </summary>
internal sealed class RedisHandWritten(IConnectionMultiplexer connection, string prefix) : IHandWrittenAppend
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly RedisValue SeqField = "seq_num", EntryField = "_ix:by_session", IdField = "id", SessionField = "session_id",
        TypeField = "type", PayloadField = "payload", CreatedField = "created_at";
    private readonly IDatabase _db = connection.GetDatabase();

    public async Task<Event> AppendEventAsync(Event e)
    {
        var createdAt = StorageTime.UtcNow();
        RedisKey record = $"{prefix}events:{{{e.SessionId}}}:{e.Id}";
        RedisKey set = $"{prefix}events:by_session:{{{e.SessionId}}}";
        RedisKey counter = $"{prefix}events:by_session:{{{e.SessionId}}}:seq";
        var payload = e.Payload?.ToJsonString();
        RedisValue[] args = payload is null
            ? [e.SeqNum, e.Id, SeqField, EntryField, 4, StorageLimits.MaxSeqNum, -1, IdField, e.Id, SessionField, e.SessionId, TypeField, e.Type, CreatedField, createdAt.ToString(InstantFormat, CultureInfo.InvariantCulture)]
            : [e.SeqNum, e.Id, SeqField, EntryField, 5, StorageLimits.MaxSeqNum, -1, IdField, e.Id, SessionField, e.SessionId, TypeField, e.Type, PayloadField, payload, CreatedField, createdAt.ToString(InstantFormat, CultureInfo.InvariantCulture)];
        var batch = _db.CreateBatch();
        var script = batch.ScriptEvaluateAsync(RedisScripts.AppendEvent, [record, set, counter], args);
        var locator = batch.StringSetAndGetAsync($"{prefix}events:id:{{{e.Id}}}", e.SessionId, null, false, When.NotExists);
        batch.Execute();
        var result = (RedisResult[])(await script)!;
        await locator;
        return (string)result[0]! switch
        {
            "ok" => e with { SeqNum = (long)result[1], CreatedAt = createdAt },
            "exists" => ReadEvent(((RedisResult[])result[1]!).Chunk(2).Select(p => new HashEntry((string)p[0]!, (RedisValue)p[1])).ToArray()),
            var status => throw new InvalidOperationException($"append {e.Id}: {status}"),
        };
    }

    public async Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId)
    {
        RedisKey set = $"{prefix}events:by_session:{{{sessionId}}}";
        var members = await _db.SortedSetRangeByValueAsync(set);
        var batch = _db.CreateBatch();
        var reads = new Task<HashEntry[]>[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            // Member = 17 characters of encoded seq_num ('8', 15 hex digits, U+0001), then the id.
            var id = ((string)members[i]!)[17..];
            reads[i] = batch.HashGetAllAsync($"{prefix}events:{{{sessionId}}}:{id}");
        }
        batch.Execute();
        var hashes = await Task.WhenAll(reads);
        var events = new List<Event>(hashes.Length);
        foreach (var hash in hashes)
        {
            if (hash.Length > 0) events.Add(ReadEvent(hash));
        }
        return events;
    }

    private static Event ReadEvent(HashEntry[] hash)
    {
        string id = "", session = "", type = "";
        long seq = 0;
        JsonNode? payload = null;
        var createdAt = default(DateTime);
        foreach (var entry in hash)
        {
            switch ((string)entry.Name!)
            {
                case "id": id = (string)entry.Value!; break;
                case "session_id": session = (string)entry.Value!; break;
                case "seq_num": seq = (long)entry.Value; break;
                case "type": type = (string)entry.Value!; break;
                case "payload": payload = JsonNode.Parse((string)entry.Value!); break;
                case "created_at":
                    createdAt = DateTime.ParseExact((string)entry.Value!, InstantFormat, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    break;
            }
        }
        return new Event { Id = id, SessionId = session, SeqNum = seq, Type = type, Payload = payload, CreatedAt = createdAt };
    }
}
