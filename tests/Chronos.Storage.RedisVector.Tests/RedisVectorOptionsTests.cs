using System.Net;
using Xunit;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>DSNs are those of the Redis storage adapter (one parser); the password never shows.</summary>
public sealed class RedisVectorOptionsTests
{
    [Fact]
    public void A_redis_url_gives_endpoint_password_database_and_prefix()
    {
        var options = RedisVectorStoreOptions.FromDsn("redis://:p%40ss@cache.local:6390/3?prefix=app1:");
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.Connection.Configuration.EndPoints));
        Assert.Equal(("cache.local", 6390), (endpoint.Host, endpoint.Port));
        Assert.Equal("p@ss", options.Connection.Password);
        Assert.Equal(3, options.Connection.Database);
        Assert.Equal("app1:", options.Connection.KeyPrefix);
        Assert.DoesNotContain("p@ss", options.ToString());
    }

    [Fact]
    public void The_seed_host_port_form_is_accepted_with_hnsw_by_default()
    {
        var options = RedisVectorStoreOptions.FromDsn("localhost:6379");
        Assert.Equal(0, options.Connection.Database);
        Assert.Equal(RedisVectorAlgorithm.Hnsw, options.Algorithm);
    }

    [Fact]
    public void A_malformed_dsn_is_a_configuration_error_without_the_password()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => RedisVectorStoreOptions.FromDsn("redis://:hunter2@host:99999/0"));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("port", error.Message);
    }
}
