using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// A redis-server of this test's own, on a free port, with <c>requirepass</c> and one ACL user: the shared test
/// server has no password and must not be reconfigured. Stopped (only this process) on dispose.
/// </summary>
internal sealed class PasswordRedisServer : IDisposable
{
    private readonly Process _process;

    private PasswordRedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server with <paramref name="password"/> for the default user and <paramref name="user"/>/<paramref name="userPassword"/>.</summary>
    public static async Task<PasswordRedisServer> StartAsync(string password, string user, string userPassword)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--requirepass", password,
                     "--user", user, "on", ">" + userPassword, "~*", "&*", "+@all",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PasswordRedisServer(process, port);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with {process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        server.Dispose();
        throw new InvalidOperationException($"redis-server on port {port} did not accept connections");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
