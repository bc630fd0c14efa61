namespace Chronos.Storage.Providers;

/// <summary>
/// Declares what the storage backend of this assembly cannot store or index, so that the build can say so before
/// the application runs. The schema analyzer (rule CHR3002) reads this attribute from every assembly the
/// application references, at compile time from metadata; nothing reads it at run time. An adapter without it is
/// assumed to handle every field the entity contract carries.
/// </summary>
/// <example><code>[assembly: StorageBackendCapabilities("DynamoDB", JsonIndexLimitation = "GSI key attributes must be scalars")]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class StorageBackendCapabilitiesAttribute : Attribute
{
    /// <summary>Declares the backend's capabilities.</summary>
    /// <param name="displayName">The backend's name in build messages, e.g. <c>PostgreSQL</c>.</param>
    public StorageBackendCapabilitiesAttribute(string displayName) => DisplayName = displayName;

    /// <summary>The backend's name in build messages.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Why a <c>json</c> field cannot be an index's match or order field on this backend, or null (the default) when
    /// it can. The text completes "… which {DisplayName} cannot index: {JsonIndexLimitation}".
    /// </summary>
    public string? JsonIndexLimitation { get; set; }
}
