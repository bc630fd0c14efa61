using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage.Vectors;
using Polly;
using Polly.Retry;

namespace Chronos.Storage.VectorHttp;

/// <summary>
/// Sends JSON requests to a vector service and reads JSON answers with source-generated metadata (no reflection).
/// Retries 429, 5xx and network failures with exponential backoff and jitter (Polly), honouring Retry-After; turns
/// other failures into <see cref="VectorServiceException"/> carrying the service's own message. Authentication
/// headers are added per request by the adapter and never appear in any message.
/// </summary>
public sealed class VectorHttpTransport : IDisposable
{
    private const int MaxMessageLength = 2000;

    private readonly string _backend;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly Action<HttpRequestHeaders> _authenticate;
    private readonly Func<string, string?> _readErrorMessage;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Creates the transport.</summary>
    /// <param name="backend">Backend name for errors, e.g. <c>pinecone</c>.</param>
    /// <param name="client">The client; disposed with the transport when <paramref name="ownsClient"/>.</param>
    /// <param name="ownsClient">Whether this transport disposes <paramref name="client"/>.</param>
    /// <param name="authenticate">Adds the service's authentication and version headers to each request.</param>
    /// <param name="readErrorMessage">Extracts the message from the service's error body, or null when it is not one.</param>
    /// <param name="retry">Retry policy.</param>
    public VectorHttpTransport(
        string backend,
        HttpClient client,
        bool ownsClient,
        Action<HttpRequestHeaders> authenticate,
        Func<string, string?> readErrorMessage,
        VectorHttpRetry retry)
    {
        _backend = backend;
        _client = client;
        _ownsClient = ownsClient;
        _authenticate = authenticate;
        _readErrorMessage = readErrorMessage;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(retry.MaxRetries, 0) is 0 ? 1 : retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = retry.BaseDelay > TimeSpan.Zero,
                Delay = retry.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(retry.MaxRetries > 0 && IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, retry.BaseDelay)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    Chronos.Storage.Telemetry.StorageTelemetry.RecordRetry(backend, "http_request", args.AttemptNumber + 1, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Authentication as <c>Authorization: Bearer token</c>, or nothing when <paramref name="token"/> is empty.</summary>
    public static Action<HttpRequestHeaders> BearerToken(string? token) => headers =>
    {
        if (!string.IsNullOrEmpty(token))
        {
            headers.Add("Authorization", "Bearer " + token);
        }
    };

    /// <summary>
    /// Sends <paramref name="body"/> (or nothing) and parses the answer. Statuses in <paramref name="accept"/> are
    /// returned to the caller (with the body parsed when it is JSON of <typeparamref name="TResponse"/>'s shape);
    /// any other failure throws.
    /// </summary>
    /// <exception cref="VectorServiceException">The service refused the request.</exception>
    /// <exception cref="TransientStorageException">The service could not be reached, even after retries.</exception>
    public async Task<VectorHttpResponse<TResponse>> SendAsync<TRequest, TResponse>(
        HttpMethod method,
        Uri uri,
        TRequest? body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        string operation,
        string? collection,
        CancellationToken cancellationToken,
        params HttpStatusCode[] accept)
    {
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, uri);
                _authenticate(request.Headers);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }
                return await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TransientStorageException(_backend, operation, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientStorageException(_backend, operation, e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = response.StatusCode;
            if (response.IsSuccessStatusCode || Array.IndexOf(accept, status) >= 0)
            {
                return new VectorHttpResponse<TResponse>(status, Parse(text, responseType, operation, collection, (int)status, response.IsSuccessStatusCode));
            }
            throw new VectorServiceException(_backend, operation, collection, (int)status, DescribeError(text, response.ReasonPhrase));
        }
    }

    /// <summary>The service's message from an error body, shortened; the raw text when the body is not the service's error shape.</summary>
    public string DescribeError(string body, string? reason)
    {
        string? message = null;
        try
        {
            message = string.IsNullOrWhiteSpace(body) ? null : _readErrorMessage(body);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): show it as it is.
        }
        message ??= string.IsNullOrWhiteSpace(body) ? reason ?? "(no body)" : body;
        return message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "…";
    }

    private T? Parse<T>(string text, JsonTypeInfo<T> type, string operation, string? collection, int status, bool mustParse)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException e) when (mustParse)
        {
            throw new VectorServiceException(_backend, operation, collection, status,
                $"the response is not the documented JSON ({e.Message}): {DescribeError(text, null)}", e);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutException
        || outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError };

    // Null lets Polly compute the exponential backoff; a Retry-After from the service takes precedence (capped).
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan baseDelay)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d && d > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(d.Ticks, TimeSpan.FromSeconds(30).Ticks)) : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
