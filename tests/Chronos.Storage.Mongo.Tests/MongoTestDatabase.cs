using Chronos.Storage.Conformance;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>Databases for server tests: one fresh database per test, named after the test class, dropped afterwards.</summary>
internal static class MongoTestDatabase
{
    /// <summary>The server's DSN (CHRONOS_TEST_MONGO), without a database.</summary>
    public static string Dsn => TestServers.Get(TestServers.Mongo);

    /// <summary>A database name unique to this test: <c>chr_{class}_{random}</c> (MongoDB limits names to 63 bytes).</summary>
    public static string NewName(string owner)
    {
        var prefix = new string(owner.Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());
        return $"chr_{prefix}_{Guid.NewGuid():N}";
    }

    /// <summary>Opens a migrated store on a fresh database.</summary>
    public static Task<MongoStorage> OpenAsync(string owner) => MongoStorage.OpenAsync(Dsn, NewName(owner));

    /// <summary>
    /// Opens and migrates a store on <paramref name="database"/> whose writers treat an unsettled batch as abandoned
    /// after <paramref name="abandonedBatchTimeout"/> (the batch protocol tests shorten it).
    /// </summary>
    public static async Task<MongoStorage> OpenAsync(string database, TimeSpan abandonedBatchTimeout)
    {
        var storage = new MongoStorage(new MongoStorageOptions(Dsn, database) { AbandonedBatchTimeout = abandonedBatchTimeout });
        await storage.MigrateAsync();
        return storage;
    }

    /// <summary>Disposes the store and drops its database.</summary>
    public static async ValueTask DropAsync(MongoStorage storage)
    {
        try
        {
            await storage.Database.Client.DropDatabaseAsync(storage.Database.DatabaseNamespace.DatabaseName);
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }
}
