using System.Diagnostics.CodeAnalysis;

namespace Chronos.Storage.Providers;

/// <summary>
/// The backends of one kind (storage or vector) available in this application. Filled at start-up by the
/// generated module initializer from the adapters' assembly attributes; the configuration validates and opens
/// through it. Thread-safe.
/// </summary>
/// <typeparam name="TStore">The store interface the backends open.</typeparam>
public sealed class BackendRegistry<TStore> : IBackendCatalog
    where TStore : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BackendDescriptor<TStore>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _conflicts = new(StringComparer.Ordinal);

    /// <summary>Creates an empty registry.</summary>
    /// <param name="kind">What these backends store, for messages: <c>storage</c> or <c>vector</c>.</param>
    /// <param name="knownPackages">First-party backends by name and the package that adds each, for suggestions.</param>
    public BackendRegistry(string kind, IReadOnlyDictionary<string, string> knownPackages)
    {
        Kind = kind;
        KnownPackages = knownPackages;
    }

    /// <summary><c>storage</c> or <c>vector</c>.</summary>
    public string Kind { get; }

    /// <summary>First-party backend names and their packages, whether referenced or not.</summary>
    public IReadOnlyDictionary<string, string> KnownPackages { get; }

    /// <summary>The registered backends, sorted by name.</summary>
    public IReadOnlyList<BackendDescriptor<TStore>> Backends
    {
        get
        {
            lock (_gate)
            {
                return [.. _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// Adds a backend. Registering the same name from the same package again is ignored (each assembly's generated
    /// table registers what it references); the same name from another package is recorded as a conflict and
    /// reported when the configuration uses that name.
    /// </summary>
    public void Register(BackendDescriptor<TStore> descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (_gate)
        {
            if (!_byName.TryGetValue(descriptor.Name, out var existing))
            {
                _byName.Add(descriptor.Name, descriptor);
            }
            else if (existing.Package != descriptor.Package)
            {
                _conflicts[descriptor.Name] = $"{existing.Package} and {descriptor.Package}";
            }
        }
    }

    /// <summary>The backend registered under <paramref name="name"/>.</summary>
    /// <exception cref="StorageConfigurationException">Two packages declare the name.</exception>
    public bool TryGet(string name, [NotNullWhen(true)] out BackendDescriptor<TStore>? descriptor)
    {
        lock (_gate)
        {
            if (_conflicts.TryGetValue(name, out var packages))
            {
                throw new StorageConfigurationException(
                    $"{Kind} backend '{name}' is declared by both {packages}; reference only one of them.");
            }
            return _byName.TryGetValue(name, out descriptor);
        }
    }

    /// <inheritdoc />
    IReadOnlyList<IBackendInfo> IBackendCatalog.Available => Backends;

    /// <inheritdoc />
    IBackendInfo? IBackendCatalog.Find(string name) => TryGet(name, out var descriptor) ? descriptor : null;
}
