namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>The SQL of the embedded vector store: vectors as little-endian float32 BLOBs, metadata as JSON text.</summary>
internal static class SqliteVectorSql
{
    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS chronos_vector_collections (
            name TEXT NOT NULL PRIMARY KEY,
            dimension INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS chronos_vectors (
            collection TEXT NOT NULL REFERENCES chronos_vector_collections(name) ON DELETE CASCADE,
            id TEXT NOT NULL,
            vector BLOB NOT NULL,
            metadata TEXT,
            content TEXT NOT NULL,
            PRIMARY KEY (collection, id)
        ) STRICT;
        """;

    public const string ListCollections = "SELECT name, dimension FROM chronos_vector_collections";

    public const string InsertCollection =
        "INSERT INTO chronos_vector_collections (name, dimension) VALUES ($name, $dimension) ON CONFLICT (name) DO NOTHING";

    public const string DeleteCollectionVectors = "DELETE FROM chronos_vectors WHERE collection = $name";

    public const string DeleteCollection = "DELETE FROM chronos_vector_collections WHERE name = $name";

    public const string CountVectors = "SELECT COUNT(*) FROM chronos_vectors WHERE collection = $collection";

    public const string LoadVectors = "SELECT id, vector, metadata, content FROM chronos_vectors WHERE collection = $collection";

    public const string UpsertVector = """
        INSERT INTO chronos_vectors (collection, id, vector, metadata, content)
        VALUES ($collection, $id, $vector, $metadata, $content)
        ON CONFLICT (collection, id) DO UPDATE SET
            vector = excluded.vector, metadata = excluded.metadata, content = excluded.content
        """;

    public const string DeleteVector = "DELETE FROM chronos_vectors WHERE collection = $collection AND id = $id";
}
