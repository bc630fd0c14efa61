using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration;

/// <summary>
/// One agent's resolved <c>storage:</c> or <c>vector:</c> section: the defaults overridden field by field by the
/// agent's own section (except that a section naming a different <c>backend</c> does not inherit the default
/// <c>dsn</c> and <c>options</c>), variables expanded, validated against the backend table. <see cref="ToString"/> redacts the DSN.
/// </summary>
public sealed class BackendSettings
{
    internal BackendSettings(string backend, string? dsn, IReadOnlyDictionary<string, string> options, bool migrate, string source)
    {
        Backend = backend;
        Dsn = dsn;
        Options = options;
        Migrate = migrate;
        Source = source;
    }

    /// <summary>The backend name, e.g. <c>sqlite</c>.</summary>
    public string Backend { get; }

    /// <summary>The DSN (may hold secrets: print it only through <see cref="DsnRedactor"/>).</summary>
    public string? Dsn { get; }

    /// <summary>Backend-specific options.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>Whether opening runs the store's migrations first (default true).</summary>
    public bool Migrate { get; }

    /// <summary>Where the section is, e.g. <c>chronos.yaml:6:5 (agents[0].storage)</c>.</summary>
    public string Source { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Backend} {DsnRedactor.Redact(Dsn)} ({Source})";
}
