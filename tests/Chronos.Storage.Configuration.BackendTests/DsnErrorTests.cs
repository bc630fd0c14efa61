using Chronos.Storage.Conformance;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// Issue 13 §4: a bad DSN is a <see cref="StorageConfigurationException"/> that says where it was written (file:line:column
/// and key path) and for which agent, whichever backend's factory found it (the shared opener adds that, once).
/// </summary>
public sealed class DsnErrorTests
{
    [Theory]
    [InlineData("postgres", "postgres://u:pw@127.0.0.1:1/db?bogus=1", "bogus")]
    [InlineData("redis", "redis://127.0.0.1:notaport", "notaport")]
    [InlineData("mongo", "http://127.0.0.1/x", "mongodb://")]
    [InlineData("dynamo", "dynamodb://", "dynamodb")]
    public async Task Dsn_errors_name_the_agent_the_key_path_and_the_location(string backend, string dsn, string detail)
    {
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await Config(backend, dsn).OpenStorageAsync("the-agent"));
        Assert.StartsWith("chronos.yaml:8:7 (agents[0].storage): agent 'the-agent', storage backend '" + backend + "': ", error.Message);
        Assert.Contains(detail, error.Message);
    }

    [ServerFact(TestServers.Redis)]
    public async Task Redis_database_the_server_does_not_have_is_a_configuration_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () =>
            await Config("redis", $"redis://{TestServers.Get(TestServers.Redis)}/99999").OpenStorageAsync("the-agent"));
        Assert.StartsWith("chronos.yaml:8:7 (agents[0].storage): agent 'the-agent', storage backend 'redis': ", error.Message);
        Assert.Contains("database 99999", error.Message);
    }

    [Fact]
    public void Redis_database_number_out_of_range_is_refused_when_parsing() =>
        Assert.Contains("'99999999999'", Assert.Throws<StorageConfigurationException>(() => Redis.RedisDsn.Parse("redis://127.0.0.1:6379/99999999999")).Message);

    private static ChronosConfig Config(string backend, string dsn)
    {
        TestServerScratch.EnsureAwsCredentialVariables();
        return ChronosConfig.Parse(
            $"defaults:\n  storage:\n    backend: sqlite\n    dsn: unused.db\nagents:\n  - id: the-agent\n    storage:\n      backend: {backend}\n      dsn: \"{dsn}\"\n",
            "chronos.yaml");
    }
}
