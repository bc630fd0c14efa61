using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chronos.Storage.Configuration;

/// <summary>What loading a configuration depends on; the defaults are the process environment and the generated tables.</summary>
public sealed class ChronosConfigOptions
{
    /// <summary>Looks up <c>${VAR}</c>; defaults to the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Logs opening and migrating stores; adapters get loggers from it too.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The storage backends; defaults to the application's generated table.</summary>
    public BackendRegistry<IStorage> StorageBackends { get; init; } = BackendRegistries.Storage;

    /// <summary>The vector-store backends; defaults to the application's generated table.</summary>
    public BackendRegistry<IVectorStore> VectorBackends { get; init; } = BackendRegistries.Vector;
}
