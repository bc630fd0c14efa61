using System.Net;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// A refused login is a configuration error, never a transient one: the driver's MongoAuthenticationException derives
/// from MongoConnectionException, so without the explicit check a wrong password said "server unreachable, retry".
/// (The test MongoDB-wire server has no authentication, so the driver's own exception types are built here.)
/// </summary>
public sealed class MongoErrorMappingTests
{
    private const string Password = "Kq8-wrong-pass";

    private static MongoAuthenticationException AuthFailure() =>
        new(new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("db.example", 27017))), "Unable to authenticate using sasl protocol mechanism SCRAM-SHA-256.");

    public static TheoryData<string> Shapes => new() { "direct", "wrapped", "server-selection-timeout" };

    private static Exception Shape(string shape) => shape switch
    {
        "direct" => AuthFailure(),
        "wrapped" => new MongoConnectionException(AuthFailure().ConnectionId, "An exception occurred while opening a connection to the server.", AuthFailure()),
        _ => new TimeoutException("A timeout occurred after 30000ms selecting a server. Client view of cluster state is { Servers : [{ State : \"Disconnected\", " +
                                  "HeartbeatException : \"MongoDB.Driver.MongoAuthenticationException: Unable to authenticate\" }] }."),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ARefusedLoginIsAConfigurationErrorNotATransientOne(string shape)
    {
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => MongoErrors.Run<int>("Get", () => throw Shape(shape)));
        Assert.Contains("rejected the credentials", error.Message);
        Assert.DoesNotContain(Password, error.ToString());
        Assert.False(MongoErrors.IsTransient(Shape(shape)));
    }

    [Fact]
    public async Task AnUnreachableServerIsStillTransient()
    {
        var unreachable = new TimeoutException("A timeout occurred after 30000ms selecting a server. Client view of cluster state is { Servers : [{ State : \"Disconnected\" }] }.");
        await Assert.ThrowsAsync<TransientStorageException>(() => MongoErrors.Run<int>("Get", () => throw unreachable));
    }
}
