using System.Net;
using System.Net.Sockets;
using Chronos.Storage.Configuration;
using Chronos.Storage.Telemetry;
using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Observability.Tests;

/// <summary>What the engine logs (migrations applied, transient failures) and the counters beside it; never a secret.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class StorageLoggingTests
{
    [Fact]
    public async Task AMigrationThatAppliesAVersionIsLoggedWithTheEntityAndBothVersions()
    {
        await using var scratch = await ScratchBackend.CreateAsync("sqlite");
        await (await scratch.OpenAsync("a")).DisposeAsync();
        // Put AuditLog back at version 1, as a store written before its by_session index existed.
        await using (var connection = new SqliteConnection($"Data Source={scratch.Dsn};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_logs' AND name LIKE '%session%'";
            var index = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = $"DROP INDEX \"{index}\"; UPDATE chronos_schema SET version = 1 WHERE storage_name = 'audit_logs'";
            await command.ExecuteNonQueryAsync();
        }

        var loggers = new CapturingLoggerFactory();
        await (await scratch.OpenAsync("a", loggers)).DisposeAsync();

        Assert.Contains(loggers.Lines, l => l.StartsWith("Chronos.Storage.sqlite Information: sqlite: migrated AuditLog from schema version 1 to 2", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Lines, l => l.Contains("migrated Session", StringComparison.Ordinal));

        // Migrating a current store again applies nothing, so logs no "migrated".
        var again = new CapturingLoggerFactory();
        await (await scratch.OpenAsync("a", again)).DisposeAsync();
        Assert.DoesNotContain(again.Lines, l => l.Contains("migrated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnreachableServerIsATransientFailureCountedTracedAndLoggedWithoutTheDsn()
    {
        const string password = "hunter2-never-logged";
        var port = FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "chronos-obs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var yaml = Path.Combine(dir, "chronos.yaml");
        await File.WriteAllTextAsync(yaml, $"""
            agents:
              - id: a
                storage: {"{"} backend: postgres, dsn: "postgres://chronos:{password}@127.0.0.1:{port}/chronos", migrate: false {"}"}
            """);
        var loggers = new CapturingLoggerFactory();
        using var capture = new TelemetryCapture();

        await using (var storage = await ChronosConfig.Load(yaml, new ChronosConfigOptions { LoggerFactory = loggers }).OpenStorageAsync("a"))
        {
            await Assert.ThrowsAsync<TransientStorageException>(() => storage.GetSessionAsync("s1"));
        }

        var span = Assert.Single(capture.Spans(), s => s.DisplayName == "get sessions");
        Assert.Equal(typeof(TransientStorageException).FullName, span.GetTagItem("error.type"));
        Assert.Equal("s1", span.GetTagItem("chronos.session.id"));
        var failures = Assert.Single(capture.Points(StorageTelemetry.TransientFailuresMetric));
        Assert.Equal(1, failures.Count);
        Assert.True(failures.Has("db.system.name", "postgresql") && failures.Has("db.operation.name", "get"));

        var warning = Assert.Single(loggers.Lines, l => l.StartsWith("Chronos.Storage.postgres Warning:", StringComparison.Ordinal));
        Assert.Contains("get on sessions failed because the server could not be reached (Chronos.Storage.TransientStorageException)", warning, StringComparison.Ordinal);
        Assert.All(loggers.Lines, l => Assert.DoesNotContain(password, l, StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
