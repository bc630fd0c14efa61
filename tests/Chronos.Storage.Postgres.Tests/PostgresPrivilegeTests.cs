using Chronos.Storage.Conformance;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>A role that lacks a privilege gets a typed configuration error naming the step and the privilege.</summary>
public sealed class PostgresPrivilegeTests
{
    [ServerFact(TestServers.Postgres)]
    public async Task MigratingWhereTheRoleMayNotCreateIsAConfigurationErrorNamingTheStepAndThePrivilege()
    {
        // information_schema: every role may use it, only a superuser may create in it. The test role may not create
        // roles (so it cannot make a restricted one), but this gives it the same refusal (42501) on its own schema path.
        var server = new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var check = new NpgsqlCommand("SELECT has_schema_privilege('information_schema', 'CREATE')", connection);
            Assert.False((bool)(await check.ExecuteScalarAsync())!, "the test role may create in information_schema (a superuser?)");
        }
        var dsn = new NpgsqlConnectionStringBuilder(server.ConnectionString) { SearchPath = "information_schema" }.ConnectionString;

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () =>
        {
            await using var store = await PostgresStorage.OpenAsync(dsn);
        });

        Assert.Contains("Migrate", error.Message, StringComparison.Ordinal);
        Assert.Contains("42501", error.Message, StringComparison.Ordinal);
        Assert.Contains("CREATE", error.Message, StringComparison.Ordinal);
        Assert.Contains("information_schema", error.Message, StringComparison.Ordinal);
        if (server.Password is { Length: > 0 } password) Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(error.InnerException);
    }
}
