using Chronos.Cli.Tests;
using Chronos.Storage.Sqlite;

namespace Chronos.Cli.Inspector.Tests;

/// <summary>One seeded SQLite store, <c>chronos inspect</c> serving it, and a headless chromium: shared by a test class.</summary>
public sealed class InspectorFixture : IAsyncLifetime
{
    private readonly Workspace _workspace = new();
    private InspectorProcess? _inspector;
    private Browser? _browser;

    internal Browser Browser => _browser ?? throw new InvalidOperationException("the browser did not start");

    internal Uri Address => _inspector?.Address ?? throw new InvalidOperationException("the inspector did not start");

    public Uri View(string hash) => new(Address, "/" + hash);

    public async Task InitializeAsync()
    {
        if (Browser.SkipReason is not null) return;   // every test of the class is skipped
        _workspace.WriteYaml($"""
            agents:
              - id: {InspectorSeed.Agent}
                storage: {"{"} backend: sqlite, dsn: dev.db {"}"}
            """);
        await using (var storage = await SqliteStorage.OpenAsync(_workspace.PathOf("dev.db"))) await InspectorSeed.WriteAsync(storage);
        _inspector = await InspectorProcess.StartAsync(_workspace.Directory);
        _browser = new Browser();
    }

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_inspector is not null) await _inspector.DisposeAsync();
        await _workspace.DisposeAsync();
    }
}
