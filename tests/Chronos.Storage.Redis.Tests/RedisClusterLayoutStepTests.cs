using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The cluster key layout as a migration step on a real Redis Cluster: a store written in the single-node layout reads
/// as behind (its records are not found until <c>MigrateAsync</c> moves them), and the move keeps each record's expiry
/// on the record and on its locator.
/// </summary>
public sealed class RedisClusterLayoutStepTests
{
    private static RedisTestServer Cluster => RedisTestServer.Cluster;

    [ServerFact(TestServers.RedisCluster)]
    public Task AStoreInTheSingleNodeLayoutReportsTheLayoutStepAsPendingUntilMigrated() => OnPrefixAsync("clay", async prefix =>
    {
        await WriteInTheSingleNodeLayoutAsync(prefix, retention: null);

        await using var store = Cluster.Open(prefix);
        Assert.Null(await store.GetSessionAsync("s1")); // not found where the cluster layout looks
        var before = await store.GetSchemaVersionsAsync();
        var behind = before.Where(s => s.NeedsMigration).ToList();
        Assert.Equal(["AuditLog", "Session"], behind.Select(s => s.Entity).Order(StringComparer.Ordinal));
        Assert.All(behind, status =>
        {
            Assert.Equal(status.CodeVersion, status.StoredVersion);
            Assert.False(status.IsCurrent);
            Assert.Contains($"pending: cluster key layout 'cluster-session-slot' not applied ('{prefix}_schema' has no '{status.StorageName}:layout')",
                status.ToString(), StringComparison.Ordinal);
        });
        Assert.All(before.Except(behind), status => Assert.True(status.IsCurrent, status.ToString()));

        await store.MigrateAsync();
        Assert.All(await store.GetSchemaVersionsAsync(), status => Assert.True(status.IsCurrent, status.ToString()));
        Assert.Equal("agent-1", (await store.GetSessionAsync("s1"))!.AgentId);
    });

    [ServerFact(TestServers.RedisCluster)]
    public Task AStoreCreatedOnTheClusterHasNoLayoutStepPending() => OnPrefixAsync("cnew", async prefix =>
    {
        await using var store = Cluster.Open(prefix);
        await store.MigrateAsync();
        Assert.All(await store.GetSchemaVersionsAsync(), status => Assert.True(status.IsCurrent, status.ToString()));
    });

    /// <summary>An expiring audit log moved by the layout step keeps its expiry on the moved hash and on its locator.</summary>
    [ServerFact(TestServers.RedisCluster)]
    public Task MovedRecordsKeepTheirExpiryOnTheRecordAndItsLocator() => OnPrefixAsync("cttl", async prefix =>
    {
        await WriteInTheSingleNodeLayoutAsync(prefix, new RetentionPolicy { AuditLogs = TimeSpan.FromHours(1) });
        var oldKeys = KeysOf(prefix, "a1");
        Assert.Contains($"{prefix}audit_logs:{{agent-1}}:a1", oldKeys);

        await using (var store = Cluster.Open(prefix))
        {
            await store.MigrateAsync();
            Assert.Equal("a1", Assert.Single(await store.ListSessionAuditLogsAsync("s1", 10)).Id);
        }

        var moved = KeysOf(prefix, "a1");
        Assert.Contains($"{prefix}audit_logs:{{s1}}:a1", moved);
        Assert.Equal(2, moved.Count); // the hash in its session's slot and the locator naming that partition
        foreach (var key in moved)
        {
            var ttl = await Cluster.Database.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } left && left > TimeSpan.FromMinutes(50) && left <= TimeSpan.FromHours(1), $"{key}: TTL {ttl?.ToString() ?? "none"}");
        }
    });

    /// <summary>Runs <paramref name="test"/> under a fresh key prefix on the cluster, whose keys are dropped afterwards.</summary>
    private static async Task OnPrefixAsync(string owner, Func<string, Task> test)
    {
        var prefix = RedisTestServer.NewPrefix(owner);
        try
        {
            await test(prefix);
        }
        finally
        {
            await Cluster.DropAsync(prefix);
        }
    }

    /// <summary>The keys under <paramref name="prefix"/> that name <paramref name="id"/> (the prefix itself is random text).</summary>
    private static List<string> KeysOf(string prefix, string id) =>
        [.. Cluster.Keys(prefix).Where(k => k[prefix.Length..].Contains(id, StringComparison.Ordinal))];

    /// <summary>Writes a session and an audit log as code before the cluster layout did (both in the agent's slot).</summary>
    private static async Task WriteInTheSingleNodeLayoutAsync(string prefix, RetentionPolicy? retention)
    {
        await using var old = RedisStorage.WithSingleNodeLayout(Cluster.Connection, RedisDsn.Parse(Cluster.Endpoint, prefix));
        if (retention is not null) old.Retention = retention;
        await old.MigrateAsync();
        await old.CreateSessionAsync(new Session { Id = "s1", AgentId = "agent-1" });
        await old.InsertAuditLogAsync(new AuditLog { Id = "a1", AgentId = "agent-1", SessionId = "s1", Action = "act", CreatedAt = DateTime.UtcNow });
        Assert.Contains($"{prefix}sessions:{{agent-1}}:s1", Cluster.Keys(prefix));
    }
}
