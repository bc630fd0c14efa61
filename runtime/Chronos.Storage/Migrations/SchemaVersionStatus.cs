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
    /// <summary>The store is at exactly the version this build expects.</summary>
    public bool IsCurrent => StoredVersion == CodeVersion;

    /// <summary>A newer build migrated the store: this build must not use it (it refuses to migrate back).</summary>
    public bool IsNewerThanCode => StoredVersion > CodeVersion;

    /// <summary>The store is behind this build (or was never migrated): migrating brings it to <see cref="CodeVersion"/>.</summary>
    public bool NeedsMigration => StoredVersion is null || StoredVersion < CodeVersion;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Entity} ({StorageName}): store at {(StoredVersion is { } stored ? $"version {stored}" : "no version (never migrated)")}, this build expects {CodeVersion}";
}
