using Chronos.Storage.Providers;

namespace Chronos.Storage.VectorHttp;

/// <summary>
/// The store-level shape every REST vector adapter shares: options checked once, the <see cref="HttpClient"/> owned or
/// borrowed, one <see cref="VectorHttpTransport"/> (retries, typed errors) built from the service's
/// <see cref="VectorHttpProtocol"/>, and disposal. A derived store supplies only its wire format: the requests and
/// answers of each <see cref="VectorStoreEngine"/> operation. Batching and dimension checks stay in
/// <see cref="VectorStoreEngine"/>.
/// </summary>
/// <typeparam name="TOptions">The adapter's options record.</typeparam>
public abstract class HttpVectorStore<TOptions> : VectorStoreEngine
    where TOptions : class
{
    private readonly string _backend;

    /// <summary>Creates the store with its own <see cref="HttpClient"/>, disposed with the store.</summary>
    /// <param name="backend">Backend name for errors, e.g. <c>pinecone</c>.</param>
    /// <param name="options">The adapter's options.</param>
    /// <param name="protocol">Checks <paramref name="options"/> (throwing on what is missing) and says how to speak to the service.</param>
    protected HttpVectorStore(string backend, TOptions options, Func<TOptions, VectorHttpProtocol> protocol)
        : this(backend, options, protocol, new HttpClient(), ownsClient: true)
    {
    }

    /// <summary>Creates the store on a caller's <see cref="HttpClient"/> (for example one from IHttpClientFactory), which it does not dispose.</summary>
    /// <param name="backend">Backend name for errors, e.g. <c>pinecone</c>.</param>
    /// <param name="options">The adapter's options.</param>
    /// <param name="protocol">Checks <paramref name="options"/> (throwing on what is missing) and says how to speak to the service.</param>
    /// <param name="httpClient">The caller's client.</param>
    protected HttpVectorStore(string backend, TOptions options, Func<TOptions, VectorHttpProtocol> protocol, HttpClient httpClient)
        : this(backend, options, protocol, httpClient, ownsClient: false)
    {
    }

    private HttpVectorStore(string backend, TOptions options, Func<TOptions, VectorHttpProtocol> protocol, HttpClient httpClient, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var wire = protocol(options);
        _backend = backend;
        Options = options;
        Http = new VectorHttpTransport(backend, httpClient, ownsClient, wire.Authenticate, wire.ReadErrorMessage, wire.Retry);
    }

    /// <summary>The options the store was created with.</summary>
    protected TOptions Options { get; }

    /// <summary>The transport every request goes through.</summary>
    protected VectorHttpTransport Http { get; }

    /// <inheritdoc />
    public sealed override string BackendName => _backend;

    /// <summary>Disposes the transport (and the <see cref="HttpClient"/> when the store owns it).</summary>
    public override ValueTask DisposeAsync()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
