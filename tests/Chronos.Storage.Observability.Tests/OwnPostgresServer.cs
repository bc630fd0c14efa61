using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// A PostgreSQL 15 server of the test's own (initdb in a temporary directory, a free loopback port), so a test can
/// stop it without touching the shared test servers. Runs as the postgres user when the tests run as root.
/// </summary>
internal sealed class OwnPostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private bool _running;

    private OwnPostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A URL DSN with a password (trust authentication ignores it, so tests can check it never leaks).</summary>
    public string Dsn(string password) => $"postgres://chronos:{password}@127.0.0.1:{Port}/postgres";

    public static bool IsInstalled => File.Exists(Path.Combine(Bin, "initdb"));

    public static OwnPostgresServer Start()
    {
        var root = Path.Combine(Path.GetTempPath(), "chronos-own-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (Environment.UserName == "root") Run("chown", ["postgres", root]);
        var server = new OwnPostgresServer(root, FreePort());
        server.As($"{Bin}/initdb -D {root}/data -A trust -U chronos --no-sync >{root}/initdb.log 2>&1");
        server.StartAgain();
        return server;
    }

    public void StartAgain()
    {
        As($"{Bin}/pg_ctl -D {_root}/data -l {_root}/log.txt -w -t 60 -o \"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
        _running = true;
    }

    public void Stop()
    {
        As($"{Bin}/pg_ctl -D {_root}/data -m immediate -w -t 60 stop");
        _running = false;
    }

    public void Dispose()
    {
        try
        {
            if (_running) Stop();
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void As(string command)
    {
        if (Environment.UserName == "root") Run("su", ["postgres", "-s", "/bin/sh", "-c", command]);
        else Run("/bin/sh", ["-c", command]);
    }

    private static void Run(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
