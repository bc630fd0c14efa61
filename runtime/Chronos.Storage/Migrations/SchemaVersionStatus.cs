namespace Chronos.Storage.Providers;

/// <summary>
/// Where one entity's store stands against this build: the version the store records and the version the code's
/// spec declares. Read by health checks and tools without changing anything.
/// </summary>
/// <param name="Entity">The entity, e.g. <c>AuditLog</c>.</param>
/// <param name="StorageName">Its table, collection or key prefix, e.g. <c>audit_logs</c>.</param>
/// <param name="CodeVersion">The schema version this build expects.</param>
/// <param name="StoredVersion">The version the store records, or null when it records none (never migrated).</param>
public sealed record SchemaVersionStatus(string Entity, string StorageName, int CodeVersion, long? StoredVersion)
{
    /// <summary>
    /// A migration step outside the schema spec's versions that the store still needs (e.g. Redis Cluster's key layout:
    /// records written in an older layout are not found until it runs), described; null when none.
    /// </summary>
    public string? PendingStep { get; init; }

    /// <summary>The store is at exactly the version this build expects, with no step pending.</summary>
    public bool IsCurrent => StoredVersion == CodeVersion && PendingStep is null;

    /// <summary>A newer build migrated the store: this build must not use it (it refuses to migrate back).</summary>
    public bool IsNewerThanCode => StoredVersion > CodeVersion;

    /// <summary>
    /// The store is behind this build (or was never migrated, or has a <see cref="PendingStep"/>): migrating brings it to
    /// <see cref="CodeVersion"/>.
    /// </summary>
    public bool NeedsMigration => StoredVersion is null || StoredVersion < CodeVersion || PendingStep is not null;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Entity} ({StorageName}): store at {(StoredVersion is { } stored ? $"version {stored}" : "no version (never migrated)")}, this build expects {CodeVersion}" +
        (PendingStep is { } step ? $", pending: {step}" : "");
}
