using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

/// <summary>
/// The one decision every backend's migration makes: given the version recorded in the store and the code's generated
/// plan, which versions' steps to apply, in order, or whether to refuse the store. Adapters only apply the steps.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>
    /// The versions to apply to move <typeparamref name="TEntity"/>'s store from <paramref name="storedVersion"/> to the
    /// code's version, ascending. Empty when the store is new (<c>null</c>: it is created at the current shape) or
    /// already current.
    /// </summary>
    /// <param name="storedVersion">The version recorded in the store, or null when none is.</param>
    /// <param name="backend">The backend's name, for the error message.</param>
    /// <param name="location">Where the version is recorded (table, collection, key), for the error message.</param>
    /// <exception cref="SchemaVersionException">The store was migrated by code newer than this one.</exception>
    public static ImmutableArray<MigrationVersion> Pending<TEntity>(long? storedVersion, string backend, string location)
        where TEntity : IStorageEntity<TEntity> =>
        Pending(TEntity.Schema, TEntity.Migrations, storedVersion, backend, location);

    /// <inheritdoc cref="Pending{TEntity}(long?, string, string)"/>
    /// <param name="schema">The code's schema.</param>
    /// <param name="plan">The code's migration plan.</param>
    /// <param name="storedVersion">The version recorded in the store, or null when none is.</param>
    /// <param name="backend">The backend's name, for the error message.</param>
    /// <param name="location">Where the version is recorded, for the error message.</param>
    public static ImmutableArray<MigrationVersion> Pending(EntitySchema schema, MigrationPlan plan, long? storedVersion, string backend, string location)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(plan);
        if (storedVersion is not { } stored || stored == schema.Version) return ImmutableArray<MigrationVersion>.Empty;
        if (stored > schema.Version)
        {
            throw new SchemaVersionException(schema.EntityName, (int)Math.Min(stored, int.MaxValue), schema.Version,
                $"{backend}: {location} holds {schema.EntityName} at schema version {stored}, newer than this code's version {schema.Version}; " +
                "upgrade the application instead of migrating the store back.");
        }
        if (stored < 1)
        {
            throw new SchemaVersionException(schema.EntityName, (int)Math.Max(stored, int.MinValue), schema.Version,
                $"{backend}: {location} records {schema.EntityName} at schema version {stored}, which no spec can produce (versions start at 1).");
        }
        var pending = ImmutableArray.CreateBuilder<MigrationVersion>();
        foreach (var version in plan.Versions)
        {
            if (version.Version > stored && version.Version <= schema.Version) pending.Add(version);
        }
        if (pending.Count > 0) Telemetry.MigrationLog.Pending(schema.EntityName, stored, schema.Version);
        return pending.ToImmutable();
    }

    /// <summary>Every step of <paramref name="versions"/>, in order.</summary>
    public static IEnumerable<MigrationStep> Steps(ImmutableArray<MigrationVersion> versions)
    {
        foreach (var version in versions)
        {
            foreach (var step in version.Steps) yield return step;
        }
    }
}
