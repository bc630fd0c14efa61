using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// Opens the connection for <see cref="RedisStorageOptions.ConnectAsync"/> and turns the server refusing the
/// credentials or the database number into <see cref="StorageConfigurationException"/> at once. Left to the driver,
/// a wrong password only shows as commands timing out after the connect timeout, indistinguishable from a server
/// that is down (a transient error, "retry"), which sends the operator the wrong way.
/// </summary>
internal static class RedisConnector
{
    private const string Backend = "redis";

    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = options.ConnectionConfiguration();
        var strict = configuration.Clone();
        // One attempt that reports why it failed; the driver's lazy mode (AbortOnConnectFail=false) would hide it.
        strict.AbortOnConnectFail = true;
        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(strict).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException e) when (IsAuthenticationFailure(e))
        {
            throw CredentialsRefused(options, e);
        }
        catch (RedisConnectionException)
        {
            // Unreachable for now: connect the way the caller asked (lazily, retried in the background) as before.
            return await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        await CheckDatabaseAsync(connection, options, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>True when the server refused AUTH/HELLO (NOAUTH, WRONGPASS, or the driver's AuthenticationFailure).</summary>
    public static bool IsAuthenticationFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }) return true;
            if (e is RedisServerException server &&
                (server.Message.StartsWith("NOAUTH", StringComparison.Ordinal) || server.Message.StartsWith("WRONGPASS", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    // SELECT happens lazily on the first keyed command (PING selects nothing): ask now, so that a database the server
    // does not have is reported at open with its number rather than as the first write's RedisCommandException.
    private static async Task CheckDatabaseAsync(ConnectionMultiplexer connection, RedisStorageOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await connection.GetDatabase(options.Database).KeyExistsAsync(options.KeyPrefix + "chronos:open-check").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisCommandException || e is RedisServerException && e.Message.Contains("DB index", StringComparison.OrdinalIgnoreCase))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new StorageConfigurationException(
                $"{Backend}: the server has no database {options.Database} (the DSN's database number: the path of " +
                $"redis://host:port/{options.Database}, or defaultDatabase=); Redis has databases 0-15 unless its 'databases' setting says more, and a cluster only 0.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Reachability or permission problems surface, mapped, on the first real call; only the database number is checked here.
        }
    }

    private static StorageConfigurationException CredentialsRefused(RedisStorageOptions options, Exception error)
    {
        var who = options.Configuration.User is { Length: > 0 } user ? $"user '{user}'" : "the default user";
        // The driver's exception names endpoints, never the password; it is kept only if that holds.
        var inner = options.Password is { Length: > 0 } password && error.ToString().Contains(password, StringComparison.Ordinal) ? null : error;
        return new StorageConfigurationException(
            $"{Backend}: the server at {string.Join(", ", options.Configuration.EndPoints)} refused the credentials of {who} " +
            "(NOAUTH/WRONGPASS); check the DSN's user and password.", inner);
    }
}
