using System.Net;
using Chronos.Cli.Tests;
using Chronos.Storage.Conformance;
using Chronos.Storage.Postgres;
using Chronos.Storage.Sqlite;
using OpenQA.Selenium;

namespace Chronos.Cli.Inspector.Tests;

/// <summary>
/// What the inspector refuses: any address but loopback, any method but GET, a Host header naming another machine;
/// and what it never shows: a DSN's secret. Then the page over PostgreSQL.
/// </summary>
public sealed class InspectorServerTests : IAsyncLifetime
{
    private readonly Workspace _workspace = new();

    public Task InitializeAsync()
    {
        _workspace.WriteYaml("""
            agents:
              - id: dev
                storage: { backend: sqlite, dsn: dev.db }
            """);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _workspace.DisposeAsync().AsTask();

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.5")]
    [InlineData("::")]
    [InlineData("example.com")]
    public async Task AnAddressThatIsNotLoopbackIsRefused(string address)
    {
        var result = await ChronosTool.RunAsync(_workspace.Directory, "inspect", "--address", address, "--port", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a loopback address", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyGetRequestsAddressedToLoopbackAreAnswered()
    {
        await using (var storage = await SqliteStorage.OpenAsync(_workspace.PathOf("dev.db"))) await InspectorSeed.WriteAsync(storage);
        await using var inspector = await InspectorProcess.StartAsync(_workspace.Directory);
        using var http = new HttpClient { BaseAddress = inspector.Address };

        var sessions = await http.GetAsync("api/sessions?agent=dev");
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        Assert.Contains("\"id\":\"s-plan\"", await sessions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", sessions.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var write = await http.SendAsync(new HttpRequestMessage(method, "api/sessions?agent=dev") { Content = new StringContent("{}") });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, write.StatusCode);
        }
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/sessions?agent=dev");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        var unknown = await http.GetAsync("api/sessions?agent=nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = System.Text.Json.JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.StartsWith("agent 'nobody' is not served here", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/session?agent=dev&session=missing")).StatusCode);

        // Stored text is JSON-escaped so it can never close a tag: no raw '<' in any response body.
        var hostile = await http.GetStringAsync("api/session?agent=dev&session=" + Uri.EscapeDataString(InspectorSeed.Hostile));
        Assert.DoesNotContain("<", hostile, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", hostile, StringComparison.Ordinal);
    }

    [BrowserFact(TestServers.Postgres)]
    public async Task ThePageListsSessionsStoredInPostgresAndNeverShowsTheDsnSecret()
    {
        var dsn = await _workspace.PostgresSchemaAsync();
        var password = new Npgsql.NpgsqlConnectionStringBuilder(dsn).Password!;
        _workspace.WriteYaml($"""
            agents:
              - id: {InspectorSeed.Agent}
                storage: {"{"} backend: postgres, dsn: "{dsn}" {"}"}
            """);
        await using (var storage = await PostgresStorage.OpenAsync(dsn)) await InspectorSeed.WriteAsync(storage);
        await using var inspector = await InspectorProcess.StartAsync(_workspace.Directory, "--agent", InspectorSeed.Agent);
        using var browser = new Browser();

        browser.Open(inspector.Address);
        var ids = browser.Driver.FindElements(By.CssSelector("#sessions tr.session-row")).Select(r => r.GetDomAttribute("data-id"));
        Assert.Equal(InspectorSeed.SessionIdsNewestFirst, ids);
        var backend = browser.Driver.FindElement(By.Id("backend")).Text;
        Assert.StartsWith("postgres: ", backend, StringComparison.Ordinal);
        Assert.Contains("***", backend, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=" + password, browser.Driver.PageSource, StringComparison.OrdinalIgnoreCase);
        browser.Screenshot("sessions-postgres");

        browser.Open(new Uri(inspector.Address, $"/#session?agent={InspectorSeed.Agent}&id={InspectorSeed.Planning}&tab=traces"));
        Assert.Equal(InspectorSeed.Spans.Length, browser.Driver.FindElements(By.CssSelector("#waterfall .wf-bar")).Count);

        using var http = new HttpClient { BaseAddress = inspector.Address };
        var agents = await http.GetStringAsync("api/agents");
        Assert.Contains("***", agents, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=" + password, agents, StringComparison.OrdinalIgnoreCase);
    }
}
