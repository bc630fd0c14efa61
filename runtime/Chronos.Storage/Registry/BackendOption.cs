using System.Globalization;

namespace Chronos.Storage.Providers;

/// <summary>Typed reading of a backend's <c>options:</c> values, with errors that say where the value came from.</summary>
public static class BackendOption
{
    /// <summary>Parses a positive integer option.</summary>
    /// <exception cref="StorageConfigurationException">The value is not a positive integer.</exception>
    public static int PositiveInt(StorageBackendOptions options, string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new StorageConfigurationException($"{options.Source}: option '{key}' of backend '{options.Backend}' must be a positive integer; got {DsnRedactor.Quote(value)}.");

    /// <summary>The DSN as an absolute http(s) URL (a vector service's endpoint); errors show it only redacted.</summary>
    /// <param name="options">The section.</param>
    /// <param name="example">A valid value for the message, e.g. <c>http://localhost:6334</c>.</param>
    /// <exception cref="StorageConfigurationException">The DSN is missing or not an absolute http(s) URL.</exception>
    public static Uri HttpEndpoint(StorageBackendOptions options, string example)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HttpUrl(options, "the dsn", options.RequireDsn(), example);
    }

    /// <summary>Parses an absolute http(s) URL; errors show the value only redacted.</summary>
    /// <param name="options">The section, for the error's location.</param>
    /// <param name="what">What the value is, for the message: <c>the dsn</c>, <c>option 'index_host'</c>.</param>
    /// <param name="value">The value.</param>
    /// <param name="example">A valid value for the message.</param>
    /// <exception cref="StorageConfigurationException">The value is not an absolute http(s) URL.</exception>
    public static Uri HttpUrl(StorageBackendOptions options, string what, string value, string example)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new StorageConfigurationException(
                $"{options.Source}: {what} of backend '{options.Backend}' must be an http(s) URL such as {example}; got {DsnRedactor.Quote(value)}.");
    }
}
