namespace Chronos.Storage.Sqlite.Tests;

/// <summary>
/// The test assembly's entry point (the generated one is switched off in the .csproj). With
/// <c>append-until-killed &lt;file&gt; &lt;session&gt;</c> it is the child process of <see cref="SqliteKillTests"/>:
/// it appends events to the session forever and prints <c>ack &lt;id&gt; &lt;seq&gt;</c> after each acknowledged append,
/// until it is killed. Otherwise it does nothing (the test runner loads the assembly, it never runs Main).
/// </summary>
public static class SqliteCrashWriter
{
    /// <summary>The verb that makes the assembly the crash writer.</summary>
    public const string Verb = "append-until-killed";

    /// <summary>The verb that makes it commit turns (<see cref="Conformance.TurnFaultWorkload"/>), printing <c>ack &lt;turn&gt;</c> after each.</summary>
    public const string TurnVerb = "commit-turns-until-killed";

    /// <summary>Runs the writer.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is [TurnVerb, var turnFile, var turnSession])
        {
            await using var turnStore = await SqliteStorage.OpenAsync(turnFile);
            var error = await Conformance.TurnFaultWorkload.RunAsync(turnStore, turnSession, turn =>
            {
                Console.Out.WriteLine($"ack {turn} {turn}");
                Console.Out.Flush();
            }, CancellationToken.None);
            await Console.Error.WriteLineAsync(error?.ToString());
            return 1;
        }
        if (args is not [Verb, var file, var session]) return 0;
        await using var store = await SqliteStorage.OpenAsync(file);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; ; i++)
        {
            var stored = await store.AppendEventAsync(new Event { Id = $"{run}-{i}", SessionId = session, Type = "t" });
            Console.Out.WriteLine($"ack {stored.Id} {stored.SeqNum}");
            Console.Out.Flush();
        }
    }
}
