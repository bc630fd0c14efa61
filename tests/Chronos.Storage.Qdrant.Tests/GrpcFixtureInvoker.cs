using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Xunit;
using Xunit.Sdk;

namespace Chronos.Storage.Qdrant.Tests;

/// <summary>
/// Qdrant's side of a gRPC conversation, at the protobuf level: each call must be the next recorded method with the
/// recorded request message (compared in protobuf's canonical JSON form), and gets the recorded response message or
/// status. Fixtures are written from Qdrant's .proto files and API reference; each exchange names its section.
/// </summary>
public sealed class GrpcFixtureInvoker : CallInvoker
{
    private readonly string _scenario;
    private readonly JsonArray _exchanges;
    private int _next;

    public GrpcFixtureInvoker(string fixtureFile)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixtureFile)))!.AsObject();
        _scenario = root["scenario"]!.GetValue<string>();
        _exchanges = root["exchanges"]!.AsArray();
    }

    public List<string> SeenMethods { get; } = [];

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        SeenMethods.Add(method.FullName);
        var where = $"fixture '{_scenario}', exchange {_next + 1}";
        if (_next >= _exchanges.Count)
        {
            throw new XunitException($"{where}: unexpected extra call {method.FullName} {JsonFormatter.Default.Format((IMessage)request!)}.");
        }
        var exchange = _exchanges[_next++]!.AsObject();
        where += $" ({exchange["doc"]!.GetValue<string>()})";
        Assert.True(exchange["method"]!.GetValue<string>() == method.FullName, $"{where}: called {method.FullName}, expected {exchange["method"]}.");
        var actual = JsonNode.Parse(JsonFormatter.Default.Format((IMessage)request!));
        Assert.True(JsonNode.DeepEquals(exchange["request"], actual),
            $"{where}: request differs.\nexpected: {exchange["request"]?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");

        Task<TResponse> response;
        if (exchange["error"] is JsonObject error)
        {
            var status = new Status(Enum.Parse<StatusCode>(error["status"]!.GetValue<string>()), error["detail"]!.GetValue<string>());
            response = Task.FromException<TResponse>(new RpcException(status));
        }
        else
        {
            var message = (IMessage)Activator.CreateInstance<TResponse>()!;
            response = Task.FromResult((TResponse)JsonParser.Default.Parse(exchange["response"]!.ToJsonString(), message.Descriptor));
        }
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public void AssertAllConsumed() =>
        Assert.True(_next == _exchanges.Count, $"fixture '{_scenario}': {_exchanges.Count - _next} recorded call(s) never made.");

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("The adapter must only make asynchronous unary calls.");

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("Not used by the adapter.");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("Not used by the adapter.");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("Not used by the adapter.");
}
