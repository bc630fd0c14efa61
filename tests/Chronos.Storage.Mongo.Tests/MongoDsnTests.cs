using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>DSN parsing: database from the path or the option, and passwords never in messages.</summary>
public sealed class MongoDsnTests
{
    [Fact]
    public void DatabaseComesFromThePath()
    {
        var dsn = MongoDsn.Parse("mongodb://user:s3cret@db.example:27017/chronos?authSource=admin");
        Assert.Equal("chronos", dsn.Database);
        Assert.Equal("mongodb://user:***@db.example:27017/chronos?authSource=admin", dsn.Redacted);
        Assert.Equal("s3cret", dsn.Url.Password);
    }

    [Fact]
    public void DatabaseOptionOverridesThePathLikeTheSeed()
    {
        Assert.Equal("other", MongoDsn.Parse("mongodb://localhost:27017/chronos", "other").Database);
        Assert.Equal("chronos", MongoDsn.Parse("mongodb://localhost:27017", "chronos").Database);
    }

    [Theory]
    [InlineData("mongodb://user:hunter2@localhost:27017")]                 // no database
    [InlineData("postgres://user:hunter2@localhost:5432/db")]              // wrong scheme
    [InlineData("mongodb://user:hunter2@localhost:notaport/db")]           // malformed port
    [InlineData("mongodb://user:hunter2@localhost:27017/db?w=notanumber&unknownbad=1&ssl=maybe")] // bad option
    [InlineData("mongodb://user:hunter2@localhost:27017/bad.name")]        // invalid database name
    public void MalformedDsnFailsWithoutThePassword(string dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => MongoDsn.Parse(dsn));
        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.StartsWith("mongo:", error.Message);
    }

    [Fact]
    public void EmptyDsnSaysWhatIsExpected()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => MongoDsn.Parse(" "));
        Assert.Contains("mongodb://", error.Message);
    }

    [Fact]
    public async Task UnreachableServerIsTransientAndHidesThePassword()
    {
        var storage = new MongoStorage(new MongoStorageOptions("mongodb://user:hunter2@127.0.0.1:1/db?serverSelectionTimeoutMS=300&connectTimeoutMS=300"));
        var error = await Assert.ThrowsAsync<TransientStorageException>(() => storage.GetSessionAsync("s"));
        Assert.Equal("mongo", error.Backend);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
