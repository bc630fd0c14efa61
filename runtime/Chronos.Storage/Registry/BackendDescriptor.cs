using System.Collections.Immutable;

namespace Chronos.Storage.Providers;

/// <summary>
/// One row of the application's backend table: what the configuration needs to validate a section (name, accepted
/// option keys, whether a DSN is required) and a direct call to the adapter's factory.
/// </summary>
/// <typeparam name="TStore"><see cref="IStorage"/> or the vector store interface.</typeparam>
public sealed class BackendDescriptor<TStore> : IBackendInfo
    where TStore : class
{
    private readonly Func<StorageBackendOptions, CancellationToken, ValueTask<TStore>> _open;

    /// <summary>Creates a descriptor; generated code calls this through <see cref="StorageBackendDescriptor.Create{TFactory}"/>.</summary>
    public BackendDescriptor(
        string name,
        string package,
        IEnumerable<string> options,
        bool dsnOptional,
        Func<StorageBackendOptions, CancellationToken, ValueTask<TStore>> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(package);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(open);
        Name = name;
        Package = package;
        Options = [.. options.Order(StringComparer.Ordinal)];
        DsnOptional = dsnOptional;
        _open = open;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Package { get; }

    /// <inheritdoc />
    public ImmutableArray<string> Options { get; }

    /// <inheritdoc />
    public bool DsnOptional { get; }

    /// <summary>Calls the adapter's factory.</summary>
    public ValueTask<TStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken) =>
        _open(options, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Package})";
}
