using System.Text;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

/// <summary>How to reach the MongoDB database that holds the store. <see cref="object.ToString"/> masks the password.</summary>
/// <param name="ConnectionString"><c>mongodb://[user:pass@]host:port[/database][?options]</c> (or <c>mongodb+srv://</c>).</param>
/// <param name="Database">The database; overrides the DSN's path (the seed passes it separately). Required if the DSN has none.</param>
public sealed record MongoStorageOptions(string ConnectionString, string? Database = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ConnectionString = ").Append(DsnRedactor.Redact(ConnectionString)).Append(", Database = ").Append(Database);
        return true;
    }
}
