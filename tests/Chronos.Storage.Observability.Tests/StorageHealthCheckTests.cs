using Chronos.Storage.Conformance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronos.Storage.Observability.Tests;

/// <summary>The health checks AddChronosHealthChecks registers, run by the real HealthCheckService on real stores.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed partial class StorageHealthCheckTests
{
    [Fact]
    public async Task ASqliteStoreAndItsVectorStoreAreHealthy()
    {
        await using var scratch = await ScratchBackend.CreateAsync("sqlite");
        var vectors = Path.Combine(scratch.Directory, "vectors.db");
        var report = await CheckAsync(scratch.WriteYaml("a", extra: $"""
            defaults:
              vector: {"{"} backend: sqlite, dsn: "{vectors}" {"}"}
            """), vectorAgents: ["a"]);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        var storage = report.Entries["chronos-storage:a"];
        Assert.Equal("agent 'a' (sqlite): reachable, schema current", storage.Description);
        Assert.Equal("2/2", storage.Data["AuditLog"]);
        Assert.Equal(HealthStatus.Healthy, report.Entries["chronos-vector:a"].Status);
    }

    [ServerFact(TestServers.Postgres)]
    public async Task APostgresStoreOnTheTestServerIsHealthy()
    {
        await using var scratch = await ScratchBackend.CreateAsync("postgres");
        var report = await CheckAsync(scratch.WriteYaml("a"));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("agent 'a' (postgres): reachable, schema current", report.Entries["chronos-storage:a"].Description);
    }

    [ServerFact(TestServers.Postgres)]
    public async Task APostgresStoreMigratedByANewerBuildIsUnhealthyNamingBothVersions()
    {
        await using var scratch = await ScratchBackend.CreateAsync("postgres");
        await (await scratch.OpenAsync("a")).DisposeAsync();
        await ScratchBackend.ExecutePostgresAsync("UPDATE chronos_schema SET version = 9 WHERE storage_name = 'events'", scratch.Dsn);

        var report = await CheckAsync(scratch.WriteYaml("a", migrate: false));

        var entry = report.Entries["chronos-storage:a"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("migrated by a newer build", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Event (events): store at version 9, this build expects 1", entry.Description, StringComparison.Ordinal);
        Assert.Equal("9/1", entry.Data["Event"]);
    }

    [Fact]
    public async Task ASqliteStoreMigratedByANewerBuildIsUnhealthyWhenOpeningWouldMigrateIt()
    {
        await using var scratch = await ScratchBackend.CreateAsync("sqlite");
        await (await scratch.OpenAsync("a")).DisposeAsync();
        await SqliteAsync(scratch, "UPDATE chronos_schema SET version = 5 WHERE storage_name = 'sessions'");

        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: true))).Entries["chronos-storage:a"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<SchemaVersionException>(entry.Exception);
        Assert.Contains("schema refused", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Session at schema version 5, newer than this code's version 1", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASqliteStoreBehindThisBuildIsUnhealthySayingToMigrate()
    {
        await using var scratch = await ScratchBackend.CreateAsync("sqlite");
        await (await scratch.OpenAsync("a")).DisposeAsync();
        await SqliteAsync(scratch, "UPDATE chronos_schema SET version = 1 WHERE storage_name = 'audit_logs'");

        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: false))).Entries["chronos-storage:a"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("schema behind this build, migrate it", entry.Description, StringComparison.Ordinal);
        Assert.Contains("AuditLog (audit_logs): store at version 1, this build expects 2", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANeverMigratedSqliteStoreIsUnhealthy()
    {
        await using var scratch = await ScratchBackend.CreateAsync("sqlite");
        var entry = (await CheckAsync(scratch.WriteYaml("a", migrate: false))).Entries["chronos-storage:a"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    [Fact]
    public async Task AStoppedPostgresServerIsUnhealthyAndHealthyAgainOnceItIsBack()
    {
        Assert.True(OwnPostgresServer.IsInstalled, "PostgreSQL 15 binaries are needed (tools/test-servers installs them)");
        const string password = "own-server-secret-not-in-reports";
        using var server = OwnPostgresServer.Start();
        var dir = Path.Combine(Path.GetTempPath(), "chronos-obs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var yaml = Path.Combine(dir, "chronos.yaml");
        await File.WriteAllTextAsync(yaml, $"""
            agents:
              - id: a
                storage: {"{"} backend: postgres, dsn: "{server.Dsn(password)}" {"}"}
            """);
        await using var provider = Provider(yaml, ["a"], []);
        var health = provider.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        server.Stop();
        var down = (await health.CheckHealthAsync()).Entries["chronos-storage:a"];
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.IsType<TransientStorageException>(down.Exception);
        Assert.StartsWith("agent 'a': storage unreachable: TransientStorageException", down.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(password, down.Description + down.Exception, StringComparison.Ordinal);

        server.StartAgain();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        Directory.Delete(dir, recursive: true);
    }

    private static async Task<HealthReport> CheckAsync(string yaml, string[]? vectorAgents = null)
    {
        await using var provider = Provider(yaml, ["a"], vectorAgents ?? []);
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    private static ServiceProvider Provider(string yaml, string[] agents, string[] vectorAgents)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddChronosStorage(yaml);
        services.AddChronosHealthChecks(agents, vectorAgents);
        return services.BuildServiceProvider();
    }

    private static async Task SqliteAsync(ScratchBackend scratch, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={scratch.Dsn};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
