namespace Chronos.Storage.Providers;

/// <summary>
/// Opens an adapter's <see cref="IStorage"/> from configuration. An adapter implements it on one type and names that
/// type in its <see cref="StorageBackendAttribute{TFactory}"/>; the generator then calls <see cref="OpenAsync"/>
/// directly from the application's backend table, so nothing is looked up by reflection.
/// </summary>
public interface IStorageBackendFactory
{
    /// <summary>
    /// Connects to the backend described by <paramref name="options"/>. Does not migrate: the caller runs
    /// <see cref="IStorage.MigrateAsync"/> afterwards when the configuration asks for it.
    /// </summary>
    /// <exception cref="StorageConfigurationException">The DSN or an option is invalid (message without secrets).</exception>
    static abstract ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken);
}
