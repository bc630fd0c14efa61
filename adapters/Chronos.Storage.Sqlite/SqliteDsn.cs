using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Sqlite;

/// <summary>
/// A parsed SQLite DSN, as in the seed: a file path (<c>myapp.db</c>), <c>:memory:</c> for a private in-memory database,
/// or a Microsoft.Data.Sqlite connection string (<c>Data Source=...;...</c>).
/// </summary>
/// <param name="InMemory">True for <c>:memory:</c>: one connection, gone when the store is disposed.</param>
/// <param name="DataSource">The file path (absolute) or <c>:memory:</c>.</param>
/// <param name="ConnectionString">What the adapter opens (pooling off: the adapter keeps its own connections).</param>
public sealed record SqliteDsn(bool InMemory, string DataSource, string ConnectionString)
{
    /// <summary>The in-memory DSN.</summary>
    public const string Memory = ":memory:";

    /// <summary>Parses <paramref name="dsn"/>.</summary>
    /// <exception cref="StorageConfigurationException">Empty, malformed, or its directory does not exist.</exception>
    public static SqliteDsn Parse(string? dsn)
    {
        if (string.IsNullOrWhiteSpace(dsn))
        {
            throw new StorageConfigurationException("sqlite: the DSN is empty; give a file path such as 'chronos.db' or ':memory:'.");
        }
        var trimmed = dsn.Trim();
        SqliteConnectionStringBuilder builder;
        if (trimmed.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(trimmed);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                // The builder's message can quote the value (a password among them): say only what kind of thing is wrong.
                throw new StorageConfigurationException($"sqlite: the DSN is not a valid connection string ({ex.GetType().Name}); expected 'Data Source=<file>' or a file path.");
            }
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new StorageConfigurationException("sqlite: the connection string has no 'Data Source'.");
            }
        }
        else
        {
            builder = new SqliteConnectionStringBuilder { DataSource = trimmed };
        }

        var inMemory = builder.DataSource == Memory || builder.Mode == SqliteOpenMode.Memory;
        if (!inMemory)
        {
            var full = Path.GetFullPath(builder.DataSource);
            var directory = Path.GetDirectoryName(full);
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new StorageConfigurationException($"sqlite: the directory '{directory}' of the database file does not exist; create it first.");
            }
            builder.DataSource = full;
            if (builder.Mode == SqliteOpenMode.ReadOnly)
            {
                throw new StorageConfigurationException("sqlite: 'Mode=ReadOnly' cannot be used: the store writes.");
            }
        }
        // The adapter holds its connections open with their prepared statements; the driver's pool would only add a layer.
        builder.Pooling = false;
        return new SqliteDsn(inMemory, inMemory ? Memory : builder.DataSource, builder.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => DataSource;
}
