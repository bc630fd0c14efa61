using Chronos.Storage.Milvus;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;

[assembly: VectorBackend<MilvusBackendFactory>("milvus", Options = ["token", "database"])]

namespace Chronos.Storage.Milvus;

/// <summary>
/// Opens <see cref="MilvusVectorStore"/> from a <c>vector:</c> section: <c>dsn</c> is the REST endpoint
/// (<c>http://localhost:19530</c>), <c>options: { token: ${MILVUS_TOKEN}, database: agents }</c> (token is
/// <c>user:password</c> or a Zilliz Cloud API key; both optional).
/// </summary>
public sealed class MilvusBackendFactory : IVectorBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IVectorStore>(new MilvusVectorStore(ToStoreOptions(options)));
    }

    /// <summary>The store options a <c>vector:</c> section stands for.</summary>
    /// <exception cref="StorageConfigurationException">The DSN is missing or not an http(s) URL.</exception>
    public static MilvusVectorStoreOptions ToStoreOptions(StorageBackendOptions options) => new()
    {
        Endpoint = BackendOption.HttpEndpoint(options, "http://localhost:19530"),
        Token = options.GetOption("token"),
        Database = options.GetOption("database"),
    };
}
