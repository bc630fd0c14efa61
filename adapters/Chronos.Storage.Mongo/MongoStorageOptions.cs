using System.Text;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

/// <summary>How to reach the MongoDB database that holds the store. <see cref="object.ToString"/> masks the password.</summary>
/// <param name="ConnectionString"><c>mongodb://[user:pass@]host:port[/database][?options]</c> (or <c>mongodb+srv://</c>).</param>
/// <param name="Database">The database; overrides the DSN's path (the seed passes it separately). Required if the DSN has none.</param>
public sealed record MongoStorageOptions(string ConnectionString, string? Database = null)
{
    /// <summary>
    /// How long a batch append may stay between its first write and its commit point before another writer of the same
    /// session treats it as abandoned (its process died), aborts it and removes its records. Longer than any batch
    /// takes; writers that meet an unsettled batch younger than this wait for it. Compared with the writers' clocks,
    /// so clock skew between processes adds to it. Default 30 seconds.
    /// </summary>
    public TimeSpan AbandonedBatchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(DsnRedactor.Redact(ConnectionString)).Append(", Database = ").Append(Database)
            .Append(", AbandonedBatchTimeout = ").Append(AbandonedBatchTimeout);
        return true;
    }
}
