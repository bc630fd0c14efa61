using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using Xunit.Sdk;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>
/// A RESP2 server on 127.0.0.1 that plays Redis Stack's side of a <see cref="RespFixture"/> to the real
/// StackExchange.Redis client, so the wire traffic itself is checked: every data command (FT.*, HSET, DEL) must be
/// exactly the next recorded command array, byte for byte, and gets the recorded reply. The client's connection
/// handshake is answered minimally (the client is configured by <see cref="ClientOptions"/> to send as little as
/// possible) and is not part of the fixture.
/// </summary>
internal sealed class FakeRedisServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly RespFixture _fixture;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly object _gate = new();
    private int _next;
    private string? _failure;

    public FakeRedisServer(RespFixture fixture)
    {
        _fixture = fixture;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public static FakeRedisServer Replaying(string fixtureFile) => new(RespFixture.Load(fixtureFile));

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Handshake commands the client sent (names only), for diagnostics.</summary>
    public List<string> HandshakeCommands { get; } = [];

    /// <summary>Every data command received, rendered as text (binary arguments by length).</summary>
    public List<string> SeenCommands { get; } = [];

    /// <summary>
    /// Client options for this server: RESP2, and the commands of the client's handshake that a fake need not answer
    /// (INFO, CONFIG, CLUSTER, ECHO, CLIENT, SUBSCRIBE...) disabled through the command map.
    /// </summary>
    public ConfigurationOptions ClientOptions(string? password = null)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, Port } },
            Password = password,
            Protocol = RedisProtocol.Resp2,
            CommandMap = CommandMap.Create(
                new HashSet<string> { "INFO", "CONFIG", "CLUSTER", "ECHO", "CLIENT", "SUBSCRIBE", "PSUBSCRIBE", "UNSUBSCRIBE", "SENTINEL", "HELLO" },
                available: false),
            TieBreaker = "",
            ConfigurationChannel = "",
            DefaultVersion = new Version(7, 2),
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
            SyncTimeout = 5000,
            AsyncTimeout = 5000,
        };
        return options;
    }

    /// <summary>Fails with the first mismatch, or unless every recorded command was received.</summary>
    public void AssertAllConsumed()
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new XunitException(_failure);
            }
            if (_next != _fixture.Exchanges.Count)
            {
                throw new XunitException(
                    $"fixture '{_fixture.Scenario}': {_fixture.Exchanges.Count - _next} recorded command(s) were never sent; the next was " +
                    $"{Render(_fixture.Exchanges[_next].Request)} ({_fixture.Exchanges[_next].Doc}). Received: {string.Join(" | ", SeenCommands)}");
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            lock (_gate)
            {
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new RespReader(stream);
        try
        {
            while (await reader.ReadCommandAsync(_stop.Token) is { } command)
            {
                await stream.WriteAsync(Answer(command), _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private byte[] Answer(IReadOnlyList<byte[]> command)
    {
        var name = Encoding.UTF8.GetString(command[0]).ToUpperInvariant();
        if (!name.StartsWith("FT.", StringComparison.Ordinal) && name is not ("HSET" or "DEL" or "HMGET"))
        {
            lock (_gate) HandshakeCommands.Add(name);
            return Encoding.UTF8.GetBytes(name switch
            {
                "PING" => "+PONG\r\n",
                "AUTH" or "SELECT" => "+OK\r\n",
                "ROLE" => "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n",
                "GET" => "$-1\r\n",
                _ => $"-ERR unknown command '{name}' (fake server)\r\n",
            });
        }
        lock (_gate)
        {
            SeenCommands.Add(Render(command));
            if (_failure is not null)
            {
                return Error("an earlier command did not match the fixture");
            }
            var where = $"fixture '{_fixture.Scenario}', exchange {_next + 1}";
            if (_next >= _fixture.Exchanges.Count)
            {
                _failure = $"{where}: unexpected extra command {Render(command)}.";
                return Error(_failure);
            }
            var expected = _fixture.Exchanges[_next++];
            if (!Same(expected.Request, command))
            {
                _failure = $"{where} ({expected.Doc}): command differs.\nexpected: {Render(expected.Request)}\nactual:   {Render(command)}";
                return Error(_failure);
            }
            return expected.Reply;
        }
    }

    private static bool Same(IReadOnlyList<byte[]> expected, IReadOnlyList<byte[]> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    private static byte[] Error(string message) => Encoding.UTF8.GetBytes("-ERR fixture mismatch: " + message.ReplaceLineEndings(" ") + "\r\n");

    private static string Render(IReadOnlyList<byte[]> command) =>
        string.Join(' ', command.Select(a => IsText(a) ? $"\"{Encoding.UTF8.GetString(a)}\"" : $"<{Convert.ToHexString(a)}>"));

    private static bool IsText(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return text.All(c => !char.IsControl(c) || c == '\n');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_gate) connections = [.. _connections];
        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    /// <summary>Reads RESP multi-bulk commands (the only form clients send).</summary>
    private sealed class RespReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public async Task<IReadOnlyList<byte[]>?> ReadCommandAsync(CancellationToken cancellationToken)
        {
            var header = await ReadLineAsync(cancellationToken);
            if (header is null) return null;
            if (header[0] != '*') throw new InvalidDataException($"expected a multi-bulk command, got '{header}'");
            var count = int.Parse(header.AsSpan(1));
            var parts = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                var length = await ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException();
                parts[i] = await ReadExactlyAsync(int.Parse(length.AsSpan(1)), cancellationToken);
                await ReadExactlyAsync(2, cancellationToken);
            }
            return parts;
        }

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                    _start = newline + 1;
                    return line;
                }
                if (!await FillAsync(cancellationToken)) return null;
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var copied = 0;
            while (copied < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken)) throw new EndOfStreamException();
                var n = Math.Min(count - copied, _end - _start);
                Buffer.BlockCopy(_buffer, _start, result, copied, n);
                _start += n;
                copied += n;
            }
            return result;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new InvalidDataException("line longer than the buffer");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }
}
