using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// A PostgreSQL 15 cluster of one test's own (initdb into a temporary directory, run as the postgres user, on a free
/// loopback port), so a test can stop it abruptly and start it again without touching the shared test server.
/// </summary>
public sealed class OwnPostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private OwnPostgresServer()
    {
        _directory = Directory.CreateTempSubdirectory("chronos-pg-").FullName;
        Port = FreePort();
    }

    /// <summary>The loopback port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>A DSN for the cluster's postgres database (trust authentication, loopback only).</summary>
    public string Dsn => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=5";

    /// <summary>True when this machine has PostgreSQL 15's server binaries (where tools/test-servers runs them).</summary>
    public static bool IsAvailable => File.Exists(Path.Combine(Bin, "initdb"));

    /// <summary>Creates the cluster and starts it.</summary>
    public static OwnPostgresServer Start()
    {
        var server = new OwnPostgresServer();
        Run("chown", ["postgres", server._directory]);
        server.AsPostgres($"{Bin}/initdb -D {server._directory}/data -A trust -U postgres --no-sync >/dev/null");
        server.Restart();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and data directory.</summary>
    public void Restart() =>
        AsPostgres($"{Bin}/pg_ctl -D {_directory}/data -l {_directory}/log.txt -w -t 30 -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");

    /// <summary>Stops the server at once (<c>immediate</c>: no checkpoint, crash recovery at the next start).</summary>
    public void StopImmediately() => AsPostgres($"{Bin}/pg_ctl -D {_directory}/data -m immediate -w -t 30 stop");

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            StopImmediately();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private void AsPostgres(string command) => Run("su", ["postgres", "-s", "/bin/sh", "-c", command]);

    private static void Run(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90))) throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
