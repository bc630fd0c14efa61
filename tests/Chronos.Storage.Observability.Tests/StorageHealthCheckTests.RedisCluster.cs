using Chronos.Storage.Conformance;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// On a Redis Cluster the key layout is a migration step of its own: a store whose records an earlier build wrote in the
/// single-node layout is behind (its records are not found) until migrated, and the health check says so.
/// </summary>
public sealed partial class StorageHealthCheckTests
{
    [ServerFact(TestServers.RedisCluster)]
    public async Task ARedisClusterStoreWithoutTheClusterKeyLayoutIsBehindUntilMigrated()
    {
        await using var scratch = await ScratchBackend.CreateAsync("redis-cluster");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(scratch.WriteYaml("a", migrate: true))).Entries["chronos-storage:a"].Status);
        // What a build from before the cluster layout leaves: every version recorded, no layout mark.
        await RedisScratch.ForgetClusterLayoutAsync(scratch.Space!, "sessions", "audit_logs");

        var behind = (await CheckAsync(scratch.WriteYaml("a", migrate: false))).Entries["chronos-storage:a"];
        Assert.Equal(HealthStatus.Unhealthy, behind.Status);
        Assert.Null(behind.Exception);
        Assert.Contains("agent 'a' (redis): schema behind this build, migrate it", behind.Description, StringComparison.Ordinal);
        Assert.Contains("Session (sessions): store at version 1, this build expects 1, pending: cluster key layout 'cluster-session-slot' not applied",
            behind.Description, StringComparison.Ordinal);
        Assert.Contains("AuditLog (audit_logs): store at version 2, this build expects 2, pending: cluster key layout", behind.Description, StringComparison.Ordinal);
        Assert.Equal("1/1 + pending step", behind.Data["Session"]);
        Assert.Equal("1/1", behind.Data["Event"]);

        var migrated = (await CheckAsync(scratch.WriteYaml("a", migrate: true))).Entries["chronos-storage:a"];
        Assert.Equal(HealthStatus.Healthy, migrated.Status);
        Assert.Equal("agent 'a' (redis): reachable, schema current", migrated.Description);
        Assert.Equal("1/1", migrated.Data["Session"]);
    }
}
