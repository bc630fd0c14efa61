namespace Chronos.Storage.Providers;

/// <summary>A backend table seen by validation, whatever kind of store its backends open.</summary>
internal interface IBackendCatalog
{
    /// <summary><c>storage</c> or <c>vector</c>.</summary>
    string Kind { get; }

    /// <summary>First-party backend names and the package that adds each.</summary>
    IReadOnlyDictionary<string, string> KnownPackages { get; }

    /// <summary>The registered backends, sorted by name.</summary>
    IReadOnlyList<IBackendInfo> Available { get; }

    /// <summary>The backend registered under <paramref name="name"/>, or null.</summary>
    /// <exception cref="StorageConfigurationException">Two packages declare the name.</exception>
    IBackendInfo? Find(string name);
}
