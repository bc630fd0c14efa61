namespace Chronos.Storage.Providers;

/// <summary>
/// Declares that this assembly provides a storage backend. The source generator, running in the application's
/// compilation, reads this attribute from every referenced assembly and registers the backend in
/// <see cref="BackendRegistries.Storage"/>, so the configuration can open it by <see cref="Name"/>.
/// </summary>
/// <example><code>[assembly: StorageBackend&lt;SqliteBackendFactory&gt;("sqlite", Options = ["busy_timeout"])]</code></example>
/// <typeparam name="TFactory">The public type that opens the store.</typeparam>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class StorageBackendAttribute<TFactory> : Attribute
    where TFactory : IStorageBackendFactory
{
    /// <summary>Declares the backend.</summary>
    /// <param name="name">The value of <c>backend:</c> in the configuration, lower case, e.g. <c>sqlite</c>.</param>
    public StorageBackendAttribute(string name) => Name = name;

    /// <summary>The value of <c>backend:</c> in the configuration.</summary>
    public string Name { get; }

    /// <summary>The package that adds this backend, shown in errors; defaults to the declaring assembly's name.</summary>
    public string? Package { get; set; }

    /// <summary>The keys accepted under <c>options:</c> for this backend; any other key is an error.</summary>
    public string[]? Options { get; set; }

    /// <summary>True when the backend can open without a <c>dsn</c> (otherwise a missing dsn is a configuration error).</summary>
    public bool DsnOptional { get; set; }
}
