using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The AppendEvent script encodes the sequence number itself (only it knows the number it assigns); its members must be
/// exactly what the shared <see cref="SortKeyEncoding"/> produces, or reads "after" a sequence number would miss events.
/// </summary>
public sealed class RedisAppendEncodingTests
{
    [ServerFact(TestServers.Redis)]
    public async Task Script_members_equal_the_shared_encoding_for_assigned_and_supplied_numbers()
    {
        var prefix = RedisTestServer.NewPrefix("enc");
        try
        {
            await using var store = RedisTestServer.Single.Open(prefix);
            await store.MigrateAsync();
            foreach (var seq in new long[] { 0, 0, 255, 0, 1L << 40 })
            {
                await store.AppendEventAsync(new Event { Id = $"e{seq}-{Guid.NewGuid():N}", SessionId = "s", Type = "t", SeqNum = seq });
            }
            var events = await store.ListEventsAsync("s");
            Assert.Equal([1L, 2, 255, 256, 1L << 40], events.Select(e => e.SeqNum));

            var indexKey = RedisTestServer.Single.Keys(prefix).Single(k => k.Contains("events:by_session:", StringComparison.Ordinal) && !k.EndsWith(":seq", StringComparison.Ordinal));
            var members = (await RedisTestServer.Single.Database.SortedSetRangeByRankAsync(indexKey)).Select(m => (string)m!).ToList();
            Assert.Equal(events.Select(e => SortKeyEncoding.Encode(e.SeqNum) + e.Id), members);
            Assert.Equal([256L, 1L << 40], (await store.ListEventsAsync("s", afterSeq: 255)).Select(e => e.SeqNum));
        }
        finally
        {
            await RedisTestServer.Single.DropAsync(prefix);
        }
    }
}
