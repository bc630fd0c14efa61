using Chronos.Storage.Registry;
using Microsoft.Extensions.Logging;

namespace Chronos.Storage.Configuration;

/// <summary>Opens a store of either kind through the backend table, with logging and secret-free errors.</summary>
internal static class BackendOpener
{
    public static async ValueTask<TStore> OpenAsync<TStore>(
        BackendRegistry<TStore> registry,
        BackendSettings settings,
        string agentId,
        ILoggerFactory loggerFactory,
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
        try
        {
            return await descriptor.OpenAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException && e is not StorageArgumentException)
        {
            // A driver rejected the DSN; its message may quote it, so only a scrubbed copy is shown and the original
            // exception is kept only when it holds no secret.
            var inner = DsnRedactor.ContainsSecret(e.ToString(), settings.Dsn) ? null : e;
            throw new StorageConfigurationException(
                $"{settings.Source}: {registry.Kind} backend '{settings.Backend}' rejected the dsn {DsnRedactor.Redact(settings.Dsn)}: " +
                $"{DsnRedactor.Scrub(e.Message, settings.Dsn)}", inner);
        }
    }
}
