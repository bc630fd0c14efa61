using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// The workload of the turn fault tests (SQLite writer killed with SIGKILL, PostgreSQL and Redis servers stopped
/// mid-run): turns of <see cref="EventsPerTurn"/> events, a checkpoint and an audit entry on one session, each fenced
/// on the ledger's end; and the check that what survived is whole turns only.
/// </summary>
public static class TurnFaultWorkload
{
    /// <summary>Events per turn.</summary>
    public const int EventsPerTurn = 3;

    /// <summary>
    /// Commits turns on <paramref name="sessionId"/> (created when missing) until <paramref name="cancellationToken"/>
    /// fires or a call fails, reporting each acknowledged turn's number (1, 2, ...).
    /// </summary>
    /// <returns>The error that ended the run, or null when it was cancelled.</returns>
    public static async Task<Exception?> RunAsync(IStorage store, string sessionId, Action<long> acknowledged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(acknowledged);
        try
        {
            var session = await store.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false)
                ?? await store.CreateSessionAsync(new Session { Id = sessionId, AgentId = "fault-agent" }, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                var committed = await store.CommitTurnAsync(NextTurn(session), cancellationToken).ConfigureAwait(false);
                session = committed.Session;
                acknowledged(session.Version - 1);
            }
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    /// <summary>
    /// Starts <see cref="RunAsync"/> and returns its task once it has run for at least <paramref name="runAtLeast"/>
    /// and acknowledged its first turn (or ended): the moment a fault test may kill the server mid-run. A fixed delay
    /// alone is not enough: on a loaded machine the kill could land before the workload had created its session.
    /// </summary>
    /// <exception cref="TimeoutException">No turn was acknowledged within 30 seconds.</exception>
    public static async Task<Task<Exception?>> StartPastFirstTurnAsync(IStorage store, string sessionId, Action<long> acknowledged, TimeSpan runAtLeast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        var firstTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = RunAsync(store, sessionId, turn => { acknowledged(turn); firstTurn.TrySetResult(); }, cancellationToken);
        var started = Task.WhenAny(firstTurn.Task, run);
        await Task.WhenAll(Task.Delay(runAtLeast, cancellationToken), started).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>The turn after <paramref name="session"/>'s: its number is the session's version.</summary>
    public static TurnCommit NextTurn(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var turn = session.Version;
        var lastSeq = (turn - 1) * EventsPerTurn;
        return new TurnCommit
        {
            Session = session with { Metadata = new JsonObject { ["turn"] = turn } },
            Events = [.. Enumerable.Range(1, EventsPerTurn).Select(i => new Event { Id = $"{session.Id}-t{turn}-e{i}", SessionId = session.Id, Type = "step", Payload = new JsonObject { ["i"] = i } })],
            ExpectedLastSeq = lastSeq,
            Checkpoint = new Checkpoint { Id = $"{session.Id}-t{turn}-cp", SessionId = session.Id, SeqNum = lastSeq + EventsPerTurn, State = new JsonObject { ["turn"] = turn } },
            AuditLogs = [new AuditLog { Id = $"{session.Id}-t{turn}-audit", AgentId = session.AgentId, SessionId = session.Id, Action = "turn" }],
        };
    }

    /// <summary>
    /// Asserts that the store holds whole turns only: with the session at version k + 1, exactly turns 1..k, each
    /// with its events (numbered 1..3k, no gap), its checkpoint and its audit entry, and nothing of turn k + 1.
    /// </summary>
    /// <returns>k, the number of committed turns.</returns>
    public static async Task<long> AssertWholeTurnsAsync(IStorage store, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var session = await store.GetSessionAsync(sessionId).ConfigureAwait(false);
        Assert.NotNull(session);
        var turns = session.Version - 1;
        Assert.Equal(turns, session.Metadata["turn"]?.GetValue<long>() ?? 0);
        var events = await store.ListEventsAsync(sessionId).ConfigureAwait(false);
        Assert.Equal(Enumerable.Range(1, (int)turns * EventsPerTurn).Select(i => (long)i), events.Select(e => e.SeqNum));
        Assert.Equal(Enumerable.Range(1, (int)turns).SelectMany(t => Enumerable.Range(1, EventsPerTurn).Select(i => $"{sessionId}-t{t}-e{i}")), events.Select(e => e.Id));
        // Every page: a quiet machine commits more turns than one list call's largest limit (1,000) holds.
        var checkpoints = await AllPagesAsync(token => store.ListCheckpointsPageAsync(sessionId, 1000, token)).ConfigureAwait(false);
        Assert.Equal(Enumerable.Range(1, (int)turns).Reverse().Select(t => $"{sessionId}-t{t}-cp"), checkpoints.Select(c => c.Id));
        var audits = await AllPagesAsync(token => store.ListSessionAuditLogsPageAsync(sessionId, 1000, token)).ConfigureAwait(false);
        Assert.Equal(Enumerable.Range(1, (int)turns).Select(t => $"{sessionId}-t{t}-audit").Order(StringComparer.Ordinal), audits.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Null(await store.GetCheckpointAsync($"{sessionId}-t{turns + 1}-cp").ConfigureAwait(false));
        return turns;
    }

    private static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<Page<T>>> page)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            var next = await page(token).ConfigureAwait(false);
            all.AddRange(next.Items);
            token = next.ContinuationToken;
        }
        while (token is not null);
        return all;
    }
}
