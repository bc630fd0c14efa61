using System.Text.Json.Nodes;
using Chronos.Storage.Extensions.DependencyInjection;
using Chronos.Storage.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Chronos.Storage.Configuration.Tests;

/// <summary>The hosted retention sweeper registered by <c>AddChronosStorage</c>, driven by a fake clock.</summary>
public sealed class RetentionSweeperTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sweeper_prunes_agents_with_retention_at_start_and_again_after_each_interval()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chronos-{Guid.NewGuid():N}.yaml");
        var database = $"memory://sweeper-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(path, $"""
            defaults:
              storage: {"{"}backend: memory-test, dsn: "{database}"{"}"}
            agents:
              - id: swept
                retention: {"{"}sessions: 1d{"}"}
              - id: kept
            """);
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection()
            .AddSingleton(new ChronosRetentionOptions { Interval = TimeSpan.FromHours(1), TimeProvider = clock })
            .AddChronosStorage(path);
        await using var provider = services.BuildServiceProvider();
        var swept = provider.GetRequiredKeyedService<IStorage>("swept");
        var kept = provider.GetRequiredKeyedService<IStorage>("kept");
        ((StorageEngine)swept).TimeProvider = clock;
        ((StorageEngine)kept).TimeProvider = clock;
        var old = Start.UtcDateTime.AddDays(-2);
        await swept.CreateSessionAsync(Session("swept-old", "swept", old));
        await kept.CreateSessionAsync(Session("kept-old", "kept", old));
        await swept.CreateSessionAsync(Session("swept-later", "swept", Start.UtcDateTime));

        var sweeper = Assert.Single(provider.GetServices<IHostedService>().OfType<ChronosRetentionSweeper>());
        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            // The first sweep runs at start-up, with the clock standing still.
            await Eventually(async () => await swept.GetSessionAsync("swept-old") is null);
            Assert.NotNull(await swept.GetSessionAsync("swept-later"));

            // Each hour of fake time is one more sweep; a day on, the later session has expired too.
            await Eventually(async () => await swept.GetSessionAsync("swept-later") is null, () => clock.Advance(TimeSpan.FromHours(1)));
            Assert.True(clock.GetUtcNow() > Start.AddDays(1));
            Assert.NotNull(await kept.GetSessionAsync("kept-old")); // no retention for this agent
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Without_retention_the_sweeper_ends_at_start_up()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chronos-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "defaults:\n  storage: {backend: memory-test}\nagents:\n  - id: a\n");
        await using var provider = new ServiceCollection().AddChronosStorage(path).BuildServiceProvider();
        var sweeper = Assert.Single(provider.GetServices<IHostedService>().OfType<ChronosRetentionSweeper>());
        await sweeper.StartAsync(CancellationToken.None);
        await Eventually(() => Task.FromResult(sweeper.ExecuteTask is { IsCompletedSuccessfully: true }));
        File.Delete(path);
    }

    private static Session Session(string id, string agentId, DateTime updatedAt) => new()
    {
        Id = id,
        AgentId = agentId,
        Metadata = new JsonObject(),
        CreatedAt = updatedAt,
        UpdatedAt = updatedAt,
    };

    /// <summary>Waits (up to 20 s of real time) for a background effect, doing <paramref name="step"/> between checks.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, Action? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not get there in 20 s");
            step?.Invoke();
            await Task.Delay(20);
        }
    }
}
