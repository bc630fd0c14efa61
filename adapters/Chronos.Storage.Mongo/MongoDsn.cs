using MongoDB.Driver;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Parses and checks a MongoDB DSN. Every message uses <see cref="Redacted"/> (from <see cref="DsnRedactor"/>),
/// and driver exceptions (whose messages may quote the DSN) are never attached.
/// </summary>
public sealed class MongoDsn
{
    private MongoDsn(MongoUrl url, string database, string redacted)
    {
        Url = url;
        Database = database;
        Redacted = redacted;
    }

    /// <summary>The parsed connection string.</summary>
    public MongoUrl Url { get; }

    /// <summary>The database: the option if given, else the DSN's path.</summary>
    public string Database { get; }

    /// <summary>The DSN with the password replaced by <c>***</c>, for messages and logs.</summary>
    public string Redacted { get; }

    /// <summary>Parses <paramref name="connectionString"/>; <paramref name="database"/> overrides its path.</summary>
    /// <exception cref="StorageConfigurationException">Malformed, wrong scheme, or no database.</exception>
    public static MongoDsn Parse(string connectionString, string? database = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StorageConfigurationException("mongo: the connection string is empty; expected mongodb://[user:pass@]host:port/database.");
        }
        var redacted = DsnRedactor.Redact(connectionString);
        if (!connectionString.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException($"mongo: connection string '{redacted}' must start with mongodb:// or mongodb+srv://.");
        }
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionString);
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The driver's message may quote the whole DSN, password included: report only its type.
            throw new StorageConfigurationException(
                $"mongo: connection string '{redacted}' is not valid ({e.GetType().Name}); expected mongodb://[user:pass@]host:port/database.");
        }
        var name = string.IsNullOrEmpty(database) ? url.DatabaseName : database;
        if (string.IsNullOrEmpty(name))
        {
            throw new StorageConfigurationException(
                $"mongo: connection string '{redacted}' names no database; add it as the path (mongodb://host:port/chronos) or pass the Database option.");
        }
        if (name.AsSpan().IndexOfAny("/\\. \"$\0") >= 0)
        {
            throw new StorageConfigurationException($"mongo: database name '{name}' may not contain / \\ . space \" $ or NUL.");
        }
        return new MongoDsn(url, name, redacted);
    }

    /// <inheritdoc />
    public override string ToString() => Redacted;
}
