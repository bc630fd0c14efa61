using Microsoft.Extensions.Logging;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Opens a store of either kind through the backend table, with logging and secret-free errors. The one place that
/// says where a failing store was configured: every <see cref="StorageConfigurationException"/> from a factory (a bad
/// DSN, an unknown option) or from preparing the store (credentials refused while migrating) leaves here as
/// <c>file:line:column (path): agent 'id', storage backend 'name': what is wrong</c>, so adapters report only what is wrong.
/// </summary>
internal static class BackendOpener
{
    /// <param name="registry">The backend table.</param>
    /// <param name="settings">The agent's resolved section.</param>
    /// <param name="agentId">The agent, named in errors and logs.</param>
    /// <param name="loggerFactory">Loggers for the opener and the adapter.</param>
    /// <param name="prepare">Runs on the opened store before it is returned (e.g. migration); the store is disposed if it fails.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static async ValueTask<TStore> OpenAsync<TStore>(
        BackendRegistry<TStore> registry,
        BackendSettings settings,
        string agentId,
        ILoggerFactory loggerFactory,
        Func<TStore, CancellationToken, Task>? prepare,
        CancellationToken cancellationToken)
        where TStore : class
    {
        if (!registry.TryGet(settings.Backend, out var descriptor))
        {
            throw new StorageConfigurationException(
                $"{settings.Source}: {registry.Kind} backend '{settings.Backend}' is no longer registered in this app.");
        }
        var logger = loggerFactory.CreateLogger($"Chronos.Storage.{settings.Backend}");
        logger.LogInformation("Opening {Kind} backend {Backend} for agent {AgentId} at {Dsn} ({Source})",
            registry.Kind, settings.Backend, agentId, DsnRedactor.Redact(settings.Dsn), settings.Source);
        var options = new StorageBackendOptions
        {
            Backend = settings.Backend,
            Dsn = settings.Dsn,
            Options = settings.Options,
            Logger = logger,
            Source = settings.Source,
        };
        TStore? store = null;
        try
        {
            store = await descriptor.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            if (store is StorageEngine engine) engine.Logger = logger;
            if (prepare is not null) await prepare(store, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is StorageConfigurationException || e is ArgumentException or FormatException && e is not StorageArgumentException)
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
            // A driver's ArgumentException may quote the DSN; our own messages should not, but are scrubbed alike. The
            // original exception is kept only when it holds no secret.
            var what = e is StorageConfigurationException
                ? WithoutSource(e.Message, settings.Source)
                : $"rejected the dsn {DsnRedactor.Redact(settings.Dsn)}: {e.Message}";
            var inner = DsnRedactor.ContainsSecret(e.ToString(), settings.Dsn) ? null : e;
            throw new StorageConfigurationException(
                $"{settings.Source}: agent '{agentId}', {registry.Kind} backend '{settings.Backend}': {DsnRedactor.Scrub(what, settings.Dsn)}", inner);
        }
    }

    // Helpers of the registry layer (RequireDsn, BackendOption) already start with the source: say it once.
    private static string WithoutSource(string message, string source) =>
        message.StartsWith(source + ": ", StringComparison.Ordinal) ? message[(source.Length + 2)..] : message;
}
