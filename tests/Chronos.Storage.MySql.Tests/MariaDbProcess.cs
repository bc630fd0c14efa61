using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chronos.Storage.MySql.Tests;

/// <summary>
/// A MariaDB server of this test's own (the Debian package's mariadb-install-db and mariadbd, as tools/test-servers
/// starts the shared one): a throwaway data directory, a free loopback port, user chronos/chronos, database chronos.
/// Stopping and starting it disturbs no other test. Run as the mysql user (mariadbd refuses root).
/// </summary>
public sealed class MariaDbProcess : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chronos-mariadb-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _server;

    private MariaDbProcess(int port) => Port = port;

    public int Port { get; }

    public string Dsn => $"mysql://chronos:chronos@127.0.0.1:{Port}/chronos";

    private string Socket => Path.Combine(_root, "mysql.sock");

    /// <summary>Installs a fresh data directory and starts the server.</summary>
    public static async Task<MariaDbProcess> StartNewAsync()
    {
        var server = new MariaDbProcess(FreePort());
        Directory.CreateDirectory(server._root);
        Run("chown", "mysql:mysql", server._root);
        Run("mariadb-install-db", "--no-defaults", "--user=mysql", $"--datadir={server._root}/data",
            "--auth-root-authentication-method=socket", "--skip-test-db");
        await server.StartAsync();
        Run("mariadb", "--no-defaults", "-S", server.Socket, "-u", "root", "-e",
            "CREATE DATABASE chronos CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; CREATE USER 'chronos'@'%' IDENTIFIED BY 'chronos'; " +
            "GRANT ALL PRIVILEGES ON chronos.* TO 'chronos'@'%';");
        return server;
    }

    /// <summary>Starts mariadbd on the existing data directory and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (File.Exists(Socket)) File.Delete(Socket);
        _server = Process.Start(new ProcessStartInfo("mariadbd",
        [
            "--no-defaults", "--user=mysql", $"--datadir={_root}/data", $"--port={Port}", "--bind-address=127.0.0.1",
            $"--socket={Socket}", $"--pid-file={_root}/mariadb.pid", $"--log-error={_root}/error.log", "--skip-log-bin",
            "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true }) ?? throw new InvalidOperationException("could not start mariadbd");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(Socket) || !Accepts(Port))
        {
            if (_server.HasExited) throw new InvalidOperationException($"mariadbd exited ({_server.ExitCode}); see {_root}/error.log");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"mariadbd not up after 60 s; see {_root}/error.log");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server (TERM, then up to 30 s for it to exit).</summary>
    public async Task StopAsync()
    {
        if (_server is not { HasExited: false } server) return;
        Run("kill", "-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _server?.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120))) throw new TimeoutException($"{file} did not finish");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }
}
