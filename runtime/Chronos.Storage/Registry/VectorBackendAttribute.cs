namespace Chronos.Storage.Providers;

/// <summary>
/// Declares that this assembly provides a vector-store backend, opened by <c>vector:</c> sections of the
/// configuration. Collected by the generator exactly like <see cref="StorageBackendAttribute{TFactory}"/>.
/// </summary>
/// <example><code>[assembly: VectorBackend&lt;QdrantBackendFactory&gt;("qdrant")]</code></example>
/// <typeparam name="TFactory">The public type that opens the store.</typeparam>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class VectorBackendAttribute<TFactory> : Attribute
    where TFactory : IVectorBackendFactory
{
    /// <summary>Declares the backend.</summary>
    /// <param name="name">The value of <c>vector: backend:</c>, lower case, e.g. <c>qdrant</c>.</param>
    public VectorBackendAttribute(string name) => Name = name;

    /// <summary>The value of <c>backend:</c> in a <c>vector:</c> section.</summary>
    public string Name { get; }

    /// <summary>The package that adds this backend, shown in errors; defaults to the declaring assembly's name.</summary>
    public string? Package { get; set; }

    /// <summary>The keys accepted under <c>options:</c> for this backend; any other key is an error.</summary>
    public string[]? Options { get; set; }

    /// <summary>True when the backend can open without a <c>dsn</c>.</summary>
    public bool DsnOptional { get; set; }
}
