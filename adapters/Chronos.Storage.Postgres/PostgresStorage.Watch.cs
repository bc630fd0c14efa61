using Chronos.Storage.Providers;
using Npgsql;

namespace Chronos.Storage.Postgres;

/// <summary>
/// Push for <see cref="IStorage.WatchEventsAsync"/>: each append's transaction queues <c>pg_notify</c> (in
/// <see cref="PostgresDialect.LedgerLockSql"/>), delivered on commit; a watcher LISTENs on a connection of its own and
/// is woken when its session's payload arrives. The watcher then reads the ledger by sequence number, so a lost
/// notification (listener connection dropped, server restarted) delays events by at most
/// <see cref="StorageEngine.WatchSafetyPollInterval"/> and never loses one.
/// </summary>
public sealed partial class PostgresStorage
{
    /// <summary>The NOTIFY channel of ledger appends (one per database; the payload names schema and session).</summary>
    internal const string LedgerChannel = "chronos_ledger";

    /// <summary>The notification payload of session <c>@session_id</c> in the current schema, as SQL.</summary>
    internal const string LedgerNotificationPayloadSql = "md5(current_schema() || ':' || @session_id)";

    /// <inheritdoc />
    /// <remarks>
    /// One listening connection per watch, opened here and closed when the watch ends. If it cannot be opened the
    /// watch polls instead (its ledger reads then report what is wrong with the server).
    /// </remarks>
    protected override async ValueTask<LedgerWakeup?> OpenLedgerWakeupAsync(string sessionId, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"LISTEN {LedgerChannel}; SELECT {LedgerNotificationPayloadSql}", connection);
            command.Parameters.AddWithValue("session_id", sessionId);
            var payload = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return Listen(connection, payload);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Signals the returned latch on each notification with <paramref name="payload"/>, until it is disposed.</summary>
    private static LedgerWakeup Listen(NpgsqlConnection connection, string payload)
    {
        var stop = new CancellationTokenSource();
        LedgerWakeup? wakeup = null;
        connection.Notification += (_, notification) =>
        {
            if (notification.Payload == payload) wakeup?.Signal();
        };
        var listening = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested) await connection.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or NpgsqlException or System.Net.Sockets.SocketException or IOException or ObjectDisposedException)
            {
                // Stopped, or the connection is gone: the watch falls back to its safety poll. One last wake-up makes it
                // read at once rather than after the safety interval.
                wakeup?.Signal();
            }
        });
        wakeup = new LedgerWakeup(async () =>
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await listening.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            stop.Dispose();
        });
        return wakeup;
    }
}
