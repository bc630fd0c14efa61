using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chronos.Storage.Providers;

/// <summary>
/// What a backend factory receives: the resolved settings of one agent's storage (or vector) section, after defaults,
/// overrides and <c>${VAR}</c> expansion, all validated. <see cref="ToString"/> never shows DSN secrets.
/// </summary>
public sealed class StorageBackendOptions
{
    /// <summary>The backend name, e.g. <c>postgres</c>.</summary>
    public required string Backend { get; init; }

    /// <summary>The connection string or URL; null when the section has none and the backend allows that.</summary>
    public string? Dsn { get; init; }

    /// <summary>The backend-specific <c>options:</c>, already checked against the keys the backend declares.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyOptions;

    /// <summary>The logger for this store.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// Where these settings come from, for the factory's own error messages, e.g.
    /// <c>chronos.yaml:7:5 (agents[0].storage)</c>.
    /// </summary>
    public string Source { get; init; } = "code";

    /// <summary>The DSN, or a <see cref="StorageConfigurationException"/> naming <see cref="Source"/> when there is none.</summary>
    public string RequireDsn() =>
        string.IsNullOrEmpty(Dsn)
            ? throw new StorageConfigurationException($"{Source}: backend '{Backend}' needs a dsn.")
            : Dsn;

    /// <summary>The option's value, or a <see cref="StorageConfigurationException"/> naming <see cref="Source"/> when it is not set.</summary>
    public string RequireOption(string key) =>
        Options.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new StorageConfigurationException($"{Source}: backend '{Backend}' needs 'options: {{ {key}: ... }}'.");

    /// <summary>The option's value, or <paramref name="fallback"/> when it is not set.</summary>
    public string? GetOption(string key, string? fallback = null) =>
        Options.TryGetValue(key, out var value) ? value : fallback;

    /// <inheritdoc />
    public override string ToString() => $"{Backend} {DsnRedactor.Redact(Dsn)} ({Source})";

    private static readonly IReadOnlyDictionary<string, string> EmptyOptions =
        new Dictionary<string, string>(StringComparer.Ordinal);
}
