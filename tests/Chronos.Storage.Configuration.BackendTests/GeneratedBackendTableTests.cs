using Chronos.Storage.Providers;


namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>The table the generator built for this assembly from the five adapters it references.</summary>
public sealed class GeneratedBackendTableTests
{
    [Fact]
    public void Offers_exactly_the_referenced_backends_with_their_packages()
    {
        Assert.Equal(
            [
                ("dynamo", "Chronos.Storage.Dynamo"),
                ("mariadb", "Chronos.Storage.MySql"),
                ("mongo", "Chronos.Storage.Mongo"),
                ("mysql", "Chronos.Storage.MySql"),
                ("postgres", "Chronos.Storage.Postgres"),
                ("redis", "Chronos.Storage.Redis"),
                ("sqlite", "Chronos.Storage.Sqlite"),
            ],
            BackendRegistries.Storage.Backends.Select(b => (b.Name, b.Package)));
    }

    [Fact]
    public void Dynamo_declares_no_options_since_its_settings_are_dsn_parameters()
    {
        Assert.True(BackendRegistries.Storage.TryGet("dynamo", out var dynamo));
        Assert.Empty(dynamo.Options);
        Assert.False(dynamo.DsnOptional);
    }

    [Fact]
    public async Task Bad_dynamo_dsn_is_reported_at_its_place_in_the_file()
    {
        var config = ChronosConfig.Parse("""
            agents:
              - id: a
                storage:
                  backend: dynamo
                  dsn: dynamodb://key:Dq7Hunter9@us-east-1/chronos
            """, "chronos.yaml");
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenStorageAsync("a"));
        Assert.StartsWith("chronos.yaml:4:7 (agents[0].storage): agent 'a', storage backend 'dynamo': DynamoDB DSN: credentials are not accepted in the DSN", error.Message);
        Assert.DoesNotContain("Dq7Hunter9", error.ToString()); // not "secret": it may be in a stack trace path
    }
}
