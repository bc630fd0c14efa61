using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>The <c>backend: mongo</c> registry factory: database option, no migration of its own, DSN errors.</summary>
public sealed class MongoBackendFactoryTests
{
    [Fact]
    public async Task MissingDsnNamesTheSource()
    {
        var options = new StorageBackendOptions { Backend = "mongo", Source = "chronos.yaml:3:14 (agents[0].storage)" };

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => MongoBackendFactory.OpenAsync(options, default).AsTask());

        Assert.Contains("chronos.yaml:3:14", error.Message);
    }

    [Fact]
    public async Task DsnWithoutDatabaseAndNoOptionIsAConfigurationError()
    {
        var options = new StorageBackendOptions { Backend = "mongo", Dsn = "mongodb://user:s3cret@127.0.0.1:1" };

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => MongoBackendFactory.OpenAsync(options, default).AsTask());

        Assert.DoesNotContain("s3cret", error.Message);
    }

    [ServerFact(TestServers.Mongo)]
    public async Task OpensTheOptionsDatabaseWithoutMigrating()
    {
        var database = MongoTestDatabase.NewName(nameof(MongoBackendFactoryTests));
        var options = new StorageBackendOptions
        {
            Backend = "mongo",
            Dsn = MongoTestDatabase.Dsn,
            Options = new Dictionary<string, string> { ["database"] = database },
        };

        var storage = Assert.IsType<MongoStorage>(await MongoBackendFactory.OpenAsync(options, default));
        try
        {
            Assert.Equal(database, storage.Database.DatabaseNamespace.DatabaseName);
            Assert.Empty(await CollectionNamesAsync(storage));

            await storage.MigrateAsync();

            Assert.Contains("_chronos_schema", await CollectionNamesAsync(storage));
        }
        finally
        {
            await MongoTestDatabase.DropAsync(storage);
        }
    }

    private static async Task<List<string>> CollectionNamesAsync(MongoStorage storage) =>
        await (await storage.Database.ListCollectionNamesAsync()).ToListAsync();
}
