using Chronos.Storage.Vectors;

namespace Chronos.Storage.Providers;

/// <summary>Builds vector backend descriptors; the generated backend table calls this once per adapter.</summary>
public static class VectorBackendDescriptor
{
    /// <summary>A descriptor whose open call goes straight to <typeparamref name="TFactory"/> (no reflection).</summary>
    public static BackendDescriptor<IVectorStore> Create<TFactory>(string name, string package, string[] options, bool dsnOptional)
        where TFactory : IVectorBackendFactory =>
        new(name, package, options, dsnOptional, TFactory.OpenAsync);
}
