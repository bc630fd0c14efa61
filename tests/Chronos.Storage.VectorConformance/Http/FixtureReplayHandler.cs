using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Sdk;

namespace Chronos.Storage.VectorConformance.Http;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that plays a service's side of an <see cref="HttpFixture"/>: each request must
/// be exactly the next recorded one (method, URL, listed headers, JSON body), and gets the recorded answer. Test
/// code then asserts <see cref="AssertAllConsumed"/>.
/// </summary>
public sealed class FixtureReplayHandler(HttpFixture fixture) : HttpMessageHandler
{
    private int _next;

    /// <summary>A handler replaying <c>Fixtures/<paramref name="file"/></c> from the test's output folder.</summary>
    public static FixtureReplayHandler FromFixture(string file) =>
        new(HttpFixture.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));

    /// <summary>Every request seen: method, URL and body (no headers), for assertions and failure messages.</summary>
    public List<string> SeenRequests { get; } = [];

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var where = $"fixture '{fixture.Scenario}', exchange {_next + 1}";
        if (_next >= fixture.Exchanges.Count)
        {
            throw new XunitException($"{where}: unexpected extra request {request.Method} {request.RequestUri}.");
        }
        var expected = fixture.Exchanges[_next++];
        where += $" ({expected.Doc})";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        SeenRequests.Add($"{request.Method} {request.RequestUri} {body}");

        Assert.True(expected.Method == request.Method.Method, $"{where}: method {request.Method}, expected {expected.Method}.");
        Assert.True(expected.Url == request.RequestUri!.AbsoluteUri, $"{where}: URL {request.RequestUri.AbsoluteUri}, expected {expected.Url}.");
        foreach (var (name, value) in expected.Headers)
        {
            var actual = request.Headers.TryGetValues(name, out var values)
                ? string.Join(",", values)
                : request.Content?.Headers.TryGetValues(name, out var contentValues) == true ? string.Join(",", contentValues) : null;
            Assert.True(value == actual, $"{where}: header {name} is '{actual}', expected '{value}'.");
        }
        if (expected.RequestBody is null)
        {
            Assert.True(string.IsNullOrEmpty(body), $"{where}: expected no body, got {body}.");
        }
        else
        {
            var actual = JsonNode.Parse(body ?? "null");
            Assert.True(JsonNode.DeepEquals(expected.RequestBody, actual),
                $"{where}: body differs.\nexpected: {expected.RequestBody.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
        }

        var response = new HttpResponseMessage((HttpStatusCode)expected.Status)
        {
            RequestMessage = request,
            Content = new StringContent(
                expected.ResponseBody is JsonValue text && text.TryGetValue<string>(out var raw) ? raw : expected.ResponseBody?.ToJsonString() ?? "",
                Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in expected.ResponseHeaders)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    /// <summary>Fails unless every recorded exchange was requested.</summary>
    public void AssertAllConsumed() =>
        Assert.True(_next == fixture.Exchanges.Count,
            $"fixture '{fixture.Scenario}': {fixture.Exchanges.Count - _next} recorded request(s) were never sent; the next was " +
            $"{(_next < fixture.Exchanges.Count ? $"{fixture.Exchanges[_next].Method} {fixture.Exchanges[_next].Url}" : "-")}.");
}
