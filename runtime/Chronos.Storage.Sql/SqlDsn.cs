namespace Chronos.Storage.Sql;

/// <summary>
/// The one parser of SQL server DSNs in either form: a URL (<c>scheme://user:password@host:port/database?name=value</c>)
/// read into a <see cref="UrlDsn"/>, or the driver's keyword connection string. The adapter maps the parts onto its
/// driver's connection-string builder. Every error starts with the backend name and never contains the password.
/// </summary>
public static class SqlDsn
{
    /// <summary>Parses <paramref name="dsn"/> into the driver's builder, through <paramref name="fromUrl"/> or <paramref name="fromKeywords"/>.</summary>
    /// <param name="dsn">The DSN as configured.</param>
    /// <param name="syntax">The adapter's schemes and examples.</param>
    /// <param name="fromUrl">Maps the URL's parts (and its query parameters) onto the builder.</param>
    /// <param name="fromKeywords">The driver's keyword parser (its builder's constructor); its exceptions become a message without the value.</param>
    /// <exception cref="StorageConfigurationException">Empty or malformed; the message never contains the password.</exception>
    public static TBuilder Parse<TBuilder>(string? dsn, SqlDsnSyntax syntax, Func<UrlDsn, TBuilder> fromUrl, Func<string, TBuilder> fromKeywords)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(fromUrl);
        ArgumentNullException.ThrowIfNull(fromKeywords);
        if (string.IsNullOrWhiteSpace(dsn))
        {
            throw new StorageConfigurationException(
                $"{syntax.Backend}: the DSN is empty; give '{syntax.UrlExample}' or '{syntax.KeywordExample}'.");
        }
        var trimmed = dsn.Trim();
        foreach (var scheme in syntax.UrlSchemes)
        {
            if (trimmed.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase)) return fromUrl(UrlDsn.Parse(trimmed, syntax));
        }
        try
        {
            return fromKeywords(trimmed);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // The driver's message may quote a value (the password among them): report only the kind of problem.
            throw new StorageConfigurationException(
                $"{syntax.Backend}: the DSN is neither a {syntax.UrlSchemes[0]}:// URL nor a valid keyword connection string ({ex.GetType().Name}).");
        }
    }
}
