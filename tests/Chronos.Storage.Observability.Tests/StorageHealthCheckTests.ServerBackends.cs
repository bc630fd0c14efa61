using Chronos.Storage.Conformance;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// Redis, MongoDB and DynamoDB report their stored schema versions too, each from its own version record (the
/// <c>_schema</c> hash, the <c>_chronos_schema</c> collection, the <c>⟨_schema⟩</c> items): current, newer than this
/// build, never migrated.
/// </summary>
public sealed partial class StorageHealthCheckTests
{
    [ServerFact(TestServers.Redis)]
    public Task AMigratedRedisStoreIsHealthy() => MigratedStoreIsHealthyAsync("redis");

    [ServerFact(TestServers.Redis)]
    public Task ARedisStoreMigratedByANewerBuildIsUnhealthyNamingBothVersions() => NewerStoreIsUnhealthyAsync("redis");

    [ServerFact(TestServers.Redis)]
    public Task ANeverMigratedRedisStoreIsBehind() => NeverMigratedStoreIsBehindAsync("redis");

    [ServerFact(TestServers.Mongo)]
    public Task AMigratedMongoStoreIsHealthy() => MigratedStoreIsHealthyAsync("mongo");

    [ServerFact(TestServers.Mongo)]
    public Task AMongoStoreMigratedByANewerBuildIsUnhealthyNamingBothVersions() => NewerStoreIsUnhealthyAsync("mongo");

    [ServerFact(TestServers.Mongo)]
    public Task ANeverMigratedMongoStoreIsBehind() => NeverMigratedStoreIsBehindAsync("mongo");

    [ServerFact(TestServers.Dynamo)]
    public Task AMigratedDynamoStoreIsHealthy() => MigratedStoreIsHealthyAsync("dynamo");

    [ServerFact(TestServers.Dynamo)]
    public Task ADynamoStoreMigratedByANewerBuildIsUnhealthyNamingBothVersions() => NewerStoreIsUnhealthyAsync("dynamo");

    /// <summary>No table at all: reported as behind (migrate it), not as a failed read.</summary>
    [ServerFact(TestServers.Dynamo)]
    public Task ANeverMigratedDynamoStoreIsBehind() => NeverMigratedStoreIsBehindAsync("dynamo");

    private static async Task MigratedStoreIsHealthyAsync(string backend)
    {
        await using var scratch = await ScratchBackend.CreateAsync(backend);
        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: true))).Entries["chronos-storage:a"];

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal($"agent 'a' ({BackendName(backend)}): reachable, schema current", entry.Description);
        Assert.Equal("1/1", entry.Data["Event"]);
        Assert.Equal("2/2", entry.Data["AuditLog"]);
    }

    private static async Task NewerStoreIsUnhealthyAsync(string backend)
    {
        await using var scratch = await ScratchBackend.CreateAsync(backend);
        await (await scratch.OpenAsync("a")).DisposeAsync();
        await RecordedVersion.SetAsync(scratch, "Event", "events", 9);

        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: false))).Entries["chronos-storage:a"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains($"agent 'a' ({BackendName(backend)}): migrated by a newer build", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Event (events): store at version 9, this build expects 1", entry.Description, StringComparison.Ordinal);
        Assert.Equal("9/1", entry.Data["Event"]);
        Assert.Equal("1/1", entry.Data["Session"]);
    }

    private static async Task NeverMigratedStoreIsBehindAsync(string backend)
    {
        await using var scratch = await ScratchBackend.CreateAsync(backend);
        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: false))).Entries["chronos-storage:a"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Null(entry.Exception);
        Assert.Contains($"agent 'a' ({BackendName(backend)}): schema behind this build, migrate it", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Session (sessions): store at no version (never migrated), this build expects 1", entry.Description, StringComparison.Ordinal);
        Assert.Equal("none/1", entry.Data["Session"]);
    }

    /// <summary>The name the store reports (<c>StorageEngine.BackendName</c>) for a chronos.yaml backend key.</summary>
    private static string BackendName(string backend) => backend == "dynamo" ? "dynamodb" : backend;
}
