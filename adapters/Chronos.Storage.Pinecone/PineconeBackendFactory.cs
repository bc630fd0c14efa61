using Chronos.Storage.Pinecone;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;

[assembly: VectorBackend<PineconeBackendFactory>("pinecone", Options = ["api_key", "index", "index_host", "cloud", "region"], DsnOptional = true)]

namespace Chronos.Storage.Pinecone;

/// <summary>
/// Opens <see cref="PineconeVectorStore"/> from a <c>vector:</c> section:
/// <code>
/// vector:
///   backend: pinecone
///   options: { api_key: ${PINECONE_API_KEY}, index: agents }   # required
///   # options also: index_host (data-plane URL, else read from the index), cloud and region (for a new index)
///   # dsn: http://localhost:5080                                # control plane; default https://api.pinecone.io
/// </code>
/// </summary>
public sealed class PineconeBackendFactory : IVectorBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IVectorStore>(new PineconeVectorStore(ToStoreOptions(options)));
    }

    /// <summary>The store options a <c>vector:</c> section stands for.</summary>
    /// <exception cref="StorageConfigurationException">api_key or index is missing, or a URL is not http(s).</exception>
    public static PineconeVectorStoreOptions ToStoreOptions(StorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaults = new PineconeVectorStoreOptions { ApiKey = options.RequireOption("api_key"), IndexName = options.RequireOption("index") };
        return defaults with
        {
            ControlPlaneUrl = string.IsNullOrEmpty(options.Dsn) ? defaults.ControlPlaneUrl : BackendOption.HttpEndpoint(options, "https://api.pinecone.io"),
            IndexHost = options.GetOption("index_host") is { } host ? BackendOption.HttpUrl(options, "option 'index_host'", host, "https://agents-abc123.svc.pinecone.io") : null,
            Cloud = options.GetOption("cloud", defaults.Cloud)!,
            Region = options.GetOption("region", defaults.Region)!,
        };
    }
}
