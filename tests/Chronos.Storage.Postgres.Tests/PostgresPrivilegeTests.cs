using Chronos.Storage.Conformance;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>A role that lacks a privilege gets a typed configuration error naming the step and the privilege.</summary>
public sealed class PostgresPrivilegeTests
{
    [ServerFact(TestServers.Postgres)]
    public async Task MigratingAsARoleWithoutCreateIsAConfigurationErrorNamingTheStepAndThePrivilege()
    {
        await using var schema = new PostgresTestSchema();
        var admin = new NpgsqlConnectionStringBuilder(await schema.ConnectionStringAsync());
        var role = "r_" + Guid.NewGuid().ToString("N")[..12];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await PostgresTestSchema.ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        try
        {
            // May use the schema, may not create anything in it.
            await PostgresTestSchema.ExecuteAsync($"GRANT USAGE ON SCHEMA \"{schema.Name}\" TO \"{role}\"");
            var dsn = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = role, Password = password, Pooling = false }.ConnectionString;

            var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () =>
            {
                await using var store = await PostgresStorage.OpenAsync(dsn);
                await store.MigrateAsync();
            });

            Assert.Contains("Migrate", error.Message, StringComparison.Ordinal);
            Assert.Contains("42501", error.Message, StringComparison.Ordinal);
            Assert.Contains("CREATE", error.Message, StringComparison.Ordinal);
            Assert.Contains(schema.Name, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            Assert.IsType<PostgresException>(error.InnerException);
        }
        finally
        {
            await PostgresTestSchema.ExecuteAsync($"DROP OWNED BY \"{role}\"");
            await PostgresTestSchema.ExecuteAsync($"DROP ROLE \"{role}\"");
        }
    }
}
