using Chronos.Storage.Milvus;
using Chronos.Storage.Pinecone;
using Chronos.Storage.Providers;
using Chronos.Storage.Qdrant;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;
using Chronos.Storage.Weaviate;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// <c>vector:</c> sections select and configure the vector store through the generated table: the embedded SQLite
/// store for real (defaults and a per-agent override, data persisted where the dsn says); the server stores, which
/// cannot run here, down to the store options their factory builds from the section.
/// </summary>
public sealed class VectorConfigurationTests
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["QDRANT_API_KEY"] = "qdrant-key-1",
        ["PINECONE_API_KEY"] = "pinecone-key-2",
        ["MILVUS_TOKEN"] = "root:milvus-3",
    };

    [Fact]
    public void Generated_vector_table_offers_the_referenced_vector_backends()
    {
        Assert.Equal(
            [
                ("milvus", "Chronos.Storage.Milvus"),
                ("pinecone", "Chronos.Storage.Pinecone"),
                ("qdrant", "Chronos.Storage.Qdrant"),
                ("sqlite", "Chronos.Storage.Sqlite"),
                ("weaviate", "Chronos.Storage.Weaviate"),
            ],
            BackendRegistries.Vector.Backends.Select(b => (b.Name, b.Package)));
    }

    [Fact]
    public async Task Embedded_store_from_defaults_and_per_agent_sections_persists_where_the_dsn_says()
    {
        var directory = ChronosYamlFile.NewDirectory();
        Directory.CreateDirectory(directory);
        try
        {
            var config = ChronosConfig.Parse($"""
                defaults:
                  storage: {"{"} backend: sqlite, dsn: "{directory}/chronos.db" {"}"}
                  vector:
                    backend: sqlite
                    dsn: {directory}/shared-vectors.db
                agents:
                  - id: researcher
                    vector:
                      dsn: {directory}/researcher-vectors.db
                """, "chronos.yaml");
            Assert.Equal("sqlite", config.GetVectorSettings("researcher").Backend); // backend inherited, dsn overridden

            await using (var shared = await config.OpenVectorStoreAsync("anyone"))
            {
                Assert.IsType<SqliteVectorStore>(shared);
                await shared.CreateCollectionAsync("notes", 3);
                await shared.UpsertAsync("notes", [Vector("a", 1, 0, 0), Vector("b", 0, 1, 0)]);
            }
            await using (var researcher = await config.OpenVectorStoreAsync("researcher"))
            {
                await researcher.CreateCollectionAsync("notes", 3);
                await researcher.UpsertAsync("notes", [Vector("r", 0, 0, 1)]);
            }

            await using (var sharedAgain = await config.OpenVectorStoreAsync("someone-else"))
            {
                var hits = await sharedAgain.SearchAsync("notes", new float[] { 0.9f, 0.1f, 0 }, topK: 5);
                Assert.Equal(["a", "b"], hits.Select(h => h.Embedding.Id));
            }
            await using (var researcherAgain = await config.OpenVectorStoreAsync("researcher"))
            {
                var hits = await researcherAgain.SearchAsync("notes", new float[] { 1, 0, 0 }, topK: 5);
                Assert.Equal(["r"], hits.Select(h => h.Embedding.Id));
            }
            Assert.True(File.Exists(Path.Combine(directory, "shared-vectors.db")));
            Assert.True(File.Exists(Path.Combine(directory, "researcher-vectors.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Server_sections_resolve_to_their_factory_with_their_options()
    {
        var config = ChronosConfig.Parse("""
            defaults:
              vector:
                backend: qdrant
                dsn: https://qdrant.example:6334
                options: { api_key: "${QDRANT_API_KEY}" }
            agents:
              - id: on-pinecone
                vector:
                  backend: pinecone
                  dsn: http://localhost:5080
                  options: { api_key: "${PINECONE_API_KEY}", index: agents, region: eu-west-1 }
              - id: on-weaviate
                vector: { backend: weaviate, dsn: "http://weaviate:8080" }
              - id: on-milvus
                vector:
                  backend: milvus
                  dsn: http://milvus:19530
                  options: { token: "${MILVUS_TOKEN}", database: agents }
            """, "chronos.yaml", new ChronosConfigOptions { GetEnvironmentVariable = Variables.GetValueOrDefault });

        var qdrant = QdrantBackendFactory.ToStoreOptions(FactoryInput(config, "unlisted"));
        Assert.Equal((new Uri("https://qdrant.example:6334"), "qdrant-key-1"), (qdrant.Endpoint, qdrant.ApiKey));

        var pinecone = PineconeBackendFactory.ToStoreOptions(FactoryInput(config, "on-pinecone"));
        Assert.Equal(
            ("pinecone-key-2", "agents", new Uri("http://localhost:5080"), "eu-west-1", "aws", (Uri?)null),
            (pinecone.ApiKey, pinecone.IndexName, pinecone.ControlPlaneUrl, pinecone.Region, pinecone.Cloud, pinecone.IndexHost));

        var weaviate = WeaviateBackendFactory.ToStoreOptions(FactoryInput(config, "on-weaviate"));
        Assert.Equal((new Uri("http://weaviate:8080"), (string?)null), (weaviate.Endpoint, weaviate.ApiKey));

        var milvus = MilvusBackendFactory.ToStoreOptions(FactoryInput(config, "on-milvus"));
        Assert.Equal((new Uri("http://milvus:19530"), "root:milvus-3", "agents"), (milvus.Endpoint, milvus.Token, milvus.Database));

        // Opening goes through the generated table to each adapter's factory; none contacts its server before the first call.
        await AssertOpensAsync<QdrantVectorStore>(config, "unlisted");
        await AssertOpensAsync<PineconeVectorStore>(config, "on-pinecone");
        await AssertOpensAsync<WeaviateVectorStore>(config, "on-weaviate");
        await AssertOpensAsync<MilvusVectorStore>(config, "on-milvus");
    }

    [Fact]
    public async Task Missing_required_option_and_bad_endpoint_are_reported_at_the_section()
    {
        var config = ChronosConfig.Parse("""
            agents:
              - id: no-key
                vector: { backend: pinecone, options: { index: agents } }
              - id: bad-url
                vector: { backend: qdrant, dsn: "qdrant://user:hunter2@host:6334" }
            """, "chronos.yaml");
        var noKey = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenVectorStoreAsync("no-key"));
        Assert.Equal("chronos.yaml:3:13 (agents[0].vector): agent 'no-key', vector backend 'pinecone': backend 'pinecone' needs 'options: { api_key: ... }'.", noKey.Message);

        var badUrl = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenVectorStoreAsync("bad-url"));
        Assert.StartsWith("chronos.yaml:5:13 (agents[1].vector): agent 'bad-url', vector backend 'qdrant': the dsn of backend 'qdrant' must be an http(s) URL such as http://localhost:6334; got 'qdrant://user:***@host:6334'", badUrl.Message);
        Assert.DoesNotContain("hunter2", badUrl.ToString());
    }

    [Fact]
    public void Unknown_vector_backend_and_option_are_configuration_errors()
    {
        var backend = Assert.Throws<StorageConfigurationException>(() =>
            ChronosConfig.Parse("defaults:\n  vector: { backend: redis, dsn: \"localhost:6379\" }\n", "chronos.yaml"));
        Assert.Contains("vector backend 'redis'", backend.Message);
        Assert.Contains("Available in this app: milvus, pinecone, qdrant, sqlite, weaviate.", backend.Message);
        // Chronos.Storage.RedisVector has no VectorBackend factory, so naming it would not help: no package hint.
        Assert.DoesNotContain("Chronos.Storage.RedisVector", backend.Message);

        var option = Assert.Throws<StorageConfigurationException>(() =>
            ChronosConfig.Parse("defaults:\n  vector: { backend: qdrant, dsn: \"http://q:6334\", options: { api_kee: x } }\n", "chronos.yaml"));
        Assert.Contains("api_kee", option.Message);
        Assert.Contains("api_key", option.Message);
    }

    private static StorageBackendOptions FactoryInput(ChronosConfig config, string agentId)
    {
        var settings = config.GetVectorSettings(agentId);
        Assert.True(BackendRegistries.Vector.TryGet(settings.Backend, out _));
        return new StorageBackendOptions { Backend = settings.Backend, Dsn = settings.Dsn, Options = settings.Options, Source = settings.Source };
    }

    private static async Task AssertOpensAsync<TStore>(ChronosConfig config, string agentId)
        where TStore : IVectorStore
    {
        await using var store = await config.OpenVectorStoreAsync(agentId);
        Assert.IsType<TStore>(store);
    }

    private static Embedding Vector(string id, params float[] values) => new() { Id = id, Vector = values };
}
