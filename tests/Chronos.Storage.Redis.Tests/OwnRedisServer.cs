using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// A redis-server process of one test's own, on a free loopback port, with an append-only file fsynced on every write
/// (so an acknowledged write survives SIGKILL). Tests that kill and restart a server use this, never the shared one.
/// </summary>
public sealed class OwnRedisServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chronos-redis-").FullName;
    private Process? _process;

    private OwnRedisServer() => Port = FreePort();

    /// <summary>The loopback port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>Starts redis-server (from PATH) and waits until it answers.</summary>
    public static OwnRedisServer Start()
    {
        var server = new OwnRedisServer();
        server.Restart();
        return server;
    }

    /// <summary>Starts the server again on the same port and data directory (after <see cref="Kill"/>).</summary>
    public void Restart()
    {
        var info = new ProcessStartInfo("redis-server",
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-server");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Answers())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server on port {Port} did not answer");
            Thread.Sleep(50);
        }
    }

    /// <summary>Kills the server with SIGKILL (no shutdown, no final save) and waits until it is gone.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[7];
            return stream.Read(reply) > 0 && reply[0] == (byte)'+';
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
}
