using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// A user whose ACL refuses a command a write needs (here ZADD) gets a typed configuration error naming the operation and
/// the command, and the refused write leaves nothing behind (no locator, no counter, no half-written record). Runs on
/// a server of its own (<see cref="OwnRedisServer"/>), so the shared server's users are never changed.
/// </summary>
public sealed class RedisAclTests
{
    [Fact]
    public async Task WritesTheAclRefusesAreTypedAndLeaveNothingBehind()
    {
        using var server = OwnRedisServer.Start();
        using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        await using (var owner = await RedisStorage.OpenAsync($"127.0.0.1:{server.Port}", "acl:"))
        {
            await owner.MigrateAsync();
        }
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "limited", "on", ">" + password, "~*", "+@all", "-zadd");
        var keysBefore = Keys(admin);

        await using var store = await RedisStorage.OpenAsync($"127.0.0.1:{server.Port},user=limited,password={password}", "acl:");
        var append = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.AppendEventAsync(new Event { Id = "e1", SessionId = "s", Type = "t" }));
        var create = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" }));

        foreach (var error in new[] { append, create })
        {
            Assert.Contains("ZADD", error.Message, StringComparison.Ordinal);
            Assert.Contains("ACL", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        }
        Assert.Contains("append Event 'e1'", append.Message, StringComparison.Ordinal);
        Assert.Contains("Session 's'", create.Message, StringComparison.Ordinal);
        Assert.Equal(keysBefore, Keys(admin));
    }

    /// <summary>
    /// The scripts that store events also publish the watchers' wake-up (from inside the script, with pcall): a user who
    /// may not publish, by command or by channel, still appends, batch-appends and commits turns, whole.
    /// </summary>
    [Theory]
    [InlineData("-publish")]
    [InlineData("resetchannels")]
    public async Task AUserWhoMayNotPublishStillAppends(string refusal)
    {
        using var server = OwnRedisServer.Start();
        using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        await using (var owner = await RedisStorage.OpenAsync($"127.0.0.1:{server.Port}", "acl:"))
        {
            await owner.MigrateAsync();
        }
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "quiet", "on", ">" + password, "~*", "+@all", refusal);

        await using var store = await RedisStorage.OpenAsync($"127.0.0.1:{server.Port},user=quiet,password={password}", "acl:");
        var session = await store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
        Assert.Equal(1, (await store.AppendEventAsync(new Event { Id = "e1", SessionId = "s", Type = "t" })).SeqNum);
        await store.AppendEventsAsync("s", [new Event { Id = "e2", SessionId = "s", Type = "t" }, new Event { Id = "e3", SessionId = "s", Type = "t" }]);
        await store.CommitTurnAsync(new TurnCommit { Session = session, Events = [new Event { Id = "e4", SessionId = "s", Type = "t" }] });

        Assert.Equal(["e1", "e2", "e3", "e4"], (await store.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal([1L, 2, 3, 4], (await store.ListEventsAsync("s")).Select(e => e.SeqNum));
    }

    private static List<string> Keys(ConnectionMultiplexer connection) =>
        [.. connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*").Select(k => (string)k!).Order(StringComparer.Ordinal)];
}
