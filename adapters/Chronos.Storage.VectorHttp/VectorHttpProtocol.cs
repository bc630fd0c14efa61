using System.Net.Http.Headers;

namespace Chronos.Storage.VectorHttp;

/// <summary>
/// How one vector service is spoken to over HTTP, apart from its request shapes: the headers that authenticate a
/// request, the way its error bodies carry a message, and how often a request is retried.
/// </summary>
/// <param name="Authenticate">Adds the service's authentication and version headers to each request.</param>
/// <param name="ReadErrorMessage">Extracts the message from the service's error body, or null when it is not one.</param>
/// <param name="Retry">Retry policy for 429, 5xx and network failures.</param>
public sealed record VectorHttpProtocol(
    Action<HttpRequestHeaders> Authenticate,
    Func<string, string?> ReadErrorMessage,
    VectorHttpRetry Retry);
