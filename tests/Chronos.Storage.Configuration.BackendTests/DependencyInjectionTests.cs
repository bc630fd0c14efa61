using Chronos.Storage.Conformance;
using Chronos.Storage.Postgres;
using Chronos.Storage.Sqlite;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// <c>services.AddChronosStorage("chronos.yaml")</c> with real backends: a SQLite agent and a PostgreSQL agent resolved
/// as keyed services (by constructor injection and by key), used, and closed when the container is disposed.
/// </summary>
public sealed class DependencyInjectionTests
{
    /// <summary>A consumer as an application writes one: each store injected by agent id.</summary>
    public sealed class TwoAgents([FromKeyedServices("local-agent")] IStorage local, [FromKeyedServices("pg-agent")] IStorage postgres)
    {
        public IStorage Local { get; } = local;

        public IStorage Postgres { get; } = postgres;
    }

    [ServerFact(TestServers.Postgres)]
    public async Task Keyed_sqlite_and_postgres_stores_from_yaml_are_disposed_with_the_container()
    {
        var schema = TestServerScratch.UniqueName("di");
        var application = "chronos-" + schema; // names this test's PostgreSQL connections, to count them
        await TestServerScratch.PostgresAsync($"CREATE SCHEMA {schema}");
        var directory = ChronosYamlFile.NewDirectory();
        try
        {
            using var yaml = new ChronosYamlFile(directory,
                ("local-agent", $"backend: sqlite\ndsn: {Path.Combine(directory, "local.db")}"),
                ("pg-agent", $"backend: postgres\ndsn: \"${{{TestServers.Postgres}}};Search Path={schema};Application Name={application}\""));
            var services = new ServiceCollection().AddChronosStorage(yaml.Path).AddSingleton<TwoAgents>();

            IStorage local, postgres;
            await using (var provider = services.BuildServiceProvider())
            {
                var agents = provider.GetRequiredService<TwoAgents>();
                (local, postgres) = (agents.Local, agents.Postgres);
                Assert.IsType<SqliteStorage>(local);
                Assert.IsType<PostgresStorage>(postgres);
                Assert.Same(local, provider.GetRequiredKeyedService<IStorage>("local-agent"));
                Assert.Same(postgres, provider.GetRequiredKeyedService<IStorage>("pg-agent"));

                await local.CreateSessionAsync(new Session { Id = "s-local", AgentId = "local-agent" });
                await postgres.CreateSessionAsync(new Session { Id = "s-pg", AgentId = "pg-agent" });
                Assert.Equal(["s-local"], (await local.ListSessionsAsync("local-agent", 10)).Select(s => s.Id));
                Assert.Equal(["s-pg"], (await postgres.ListSessionsAsync("pg-agent", 10)).Select(s => s.Id));
                Assert.Null(await local.GetSessionAsync("s-pg")); // two stores, not one
                Assert.True(await ConnectionsAsync(application) > 0, "the PostgreSQL store holds open connections while the container lives");
            }

            await Assert.ThrowsAsync<ObjectDisposedException>(() => local.GetSessionAsync("s-local"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => postgres.GetSessionAsync("s-pg"));
            Assert.Equal(0, await ConnectionsAfterServerCatchesUpAsync(application));
        }
        finally
        {
            await TestServerScratch.PostgresAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    [Fact]
    public async Task Keyed_vector_store_from_the_yaml_vector_section_is_disposed_with_the_container()
    {
        var directory = ChronosYamlFile.NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "chronos.yaml");
        await File.WriteAllTextAsync(path, $"""
            defaults:
              storage: {"{"} backend: sqlite, dsn: "{directory}/chronos.db" {"}"}
              vector: {"{"} backend: sqlite, dsn: "{directory}/vectors.db" {"}"}
            """);
        try
        {
            IVectorStore vectors;
            await using (var provider = new ServiceCollection().AddChronosStorage(path).BuildServiceProvider())
            {
                vectors = provider.GetRequiredKeyedService<IVectorStore>("any-agent");
                Assert.IsType<SqliteVectorStore>(vectors);
                Assert.Same(vectors, provider.GetRequiredKeyedService<IVectorStore>("any-agent"));
                await vectors.CreateCollectionAsync("notes", 2);
                await vectors.UpsertAsync("notes", [new Embedding { Id = "n1", Vector = new float[] { 1, 0 } }]);
                Assert.Equal("n1", (await vectors.SearchAsync("notes", new float[] { 1, 0 }, topK: 1)).Single().Embedding.Id);
            }
            await Assert.ThrowsAsync<ObjectDisposedException>(() => vectors.SearchAsync("notes", new float[] { 1, 0 }, topK: 1));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Vector_store_for_an_agent_without_a_vector_section_is_a_configuration_error()
    {
        var directory = ChronosYamlFile.NewDirectory();
        using var yaml = new ChronosYamlFile(directory, ("local-agent", $"backend: sqlite\ndsn: {Path.Combine(directory, "local.db")}"));
        await using var provider = new ServiceCollection().AddChronosStorage(yaml.Path).BuildServiceProvider();
        var error = Assert.Throws<StorageConfigurationException>(() => provider.GetRequiredKeyedService<IVectorStore>("local-agent"));
        Assert.EndsWith("agent 'local-agent' has no vector backend: add a 'vector:' section to it or to 'defaults:' in " + yaml.Path + ".", error.Message);
    }

    /// <summary>A closed connection's server process leaves pg_stat_activity a moment later: wait up to 5 s for 0.</summary>
    private static async Task<long> ConnectionsAfterServerCatchesUpAsync(string application)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long count;
        while ((count = await ConnectionsAsync(application)) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        return count;
    }

    private static Task<long> ConnectionsAsync(string application) =>
        TestServerScratch.PostgresCountAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{application}'");
}
