using Chronos.Storage.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>
/// Is one agent's storage usable by this build: the store opens (and migrates, as configured), the server answers a
/// read, and every built-in entity's store is at the schema version this build expects. A store migrated by a newer
/// build is Unhealthy naming both versions; one behind this build is Unhealthy saying to migrate.
/// </summary>
internal sealed class ChronosStorageHealthCheck(IServiceProvider services, string agentId) : IHealthCheck
{
    // An id no session has: reading it costs one indexed lookup and proves the server answers.
    private const string ProbeId = "chronos-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration.FailureStatus;
        var data = new Dictionary<string, object> { ["agent"] = agentId };
        try
        {
            var storage = services.GetRequiredKeyedService<IStorage>(agentId);
            if (storage is not StorageEngine { ReportsSchemaVersions: true } engine)
            {
                await storage.GetSessionAsync(ProbeId, cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy($"agent '{agentId}': storage reachable; its backend does not report schema versions", data);
            }
            // Versions first: reading them proves the server answers, and a store never migrated is then reported as
            // behind (migrate it) rather than as a failed read of a table or collection that does not exist yet.
            data["backend"] = engine.BackendName;
            var versions = await engine.GetSchemaVersionsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var status in versions)
            {
                data[status.Entity] = (status.StoredVersion is { } v ? $"{v}/{status.CodeVersion}" : $"none/{status.CodeVersion}") +
                    (status.PendingStep is null ? "" : " + pending step");
            }
            if (versions.Where(v => v.IsNewerThanCode).ToList() is { Count: > 0 } newer)
            {
                return new HealthCheckResult(failure,
                    $"agent '{agentId}' ({engine.BackendName}): migrated by a newer build, this build cannot use it: {Describe(newer)}", data: data);
            }
            if (versions.Where(v => v.NeedsMigration).ToList() is { Count: > 0 } behind)
            {
                return new HealthCheckResult(failure,
                    $"agent '{agentId}' ({engine.BackendName}): schema behind this build, migrate it (migrate: true, MigrateAsync or chronos migrate): {Describe(behind)}", data: data);
            }
            await storage.GetSessionAsync(ProbeId, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"agent '{agentId}' ({engine.BackendName}): reachable, schema current", data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Chronos's own messages never carry DSN secrets (the configuration loader scrubs driver messages too).
            var what = e is TransientStorageException ? "unreachable" : e is SchemaVersionException ? "schema refused" : "failed";
            return new HealthCheckResult(failure, $"agent '{agentId}': storage {what}: {e.GetType().Name}: {e.Message}", e, data);
        }
    }

    private static string Describe(IEnumerable<SchemaVersionStatus> statuses) => string.Join("; ", statuses);
}

/// <summary>
/// Does one agent's vector store answer: a search of a collection no one creates must come back as "no such
/// collection" (or results), which proves the service is reachable and accepts the credentials.
/// </summary>
internal sealed class ChronosVectorStoreHealthCheck(IServiceProvider services, string agentId) : IHealthCheck
{
    private const string ProbeCollection = "chronos_health_probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["agent"] = agentId };
        try
        {
            var store = services.GetRequiredKeyedService<Chronos.Storage.Vectors.IVectorStore>(agentId);
            try
            {
                await store.SearchAsync(ProbeCollection, new float[] { 1f }, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Chronos.Storage.Vectors.VectorCollectionNotFoundException)
            {
                // The service answered.
            }
            catch (Chronos.Storage.Vectors.VectorDimensionMismatchException)
            {
                // Someone created the probe collection with another dimension: the service answered all the same.
            }
            return HealthCheckResult.Healthy($"agent '{agentId}': vector store reachable", data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"agent '{agentId}': vector store failed: {e.GetType().Name}: {e.Message}", e, data);
        }
    }
}
