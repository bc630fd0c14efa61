namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// The short workload every backend runs after being opened through YAML: a session created, three events appended
/// (sequence 1..3) and listed, the session listed, updated (version 1 to 2) and deleted with its events.
/// </summary>
internal static class ShortWorkload
{
    public static async Task RunAsync(IStorage storage, string agentId)
    {
        var sessionId = $"yaml-session-{Guid.NewGuid():N}";
        var created = await storage.CreateSessionAsync(new Session { Id = sessionId, AgentId = agentId, UserId = "user-1" });
        Assert.Equal(1, created.Version);

        for (var i = 1; i <= 3; i++)
        {
            var appended = await storage.AppendEventAsync(new Event { Id = $"{sessionId}-e{i}", SessionId = sessionId, Type = EventType.ChatMessage });
            Assert.Equal(i, appended.SeqNum);
        }
        var events = await storage.ListEventsAsync(sessionId);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.SeqNum));
        Assert.Equal([$"{sessionId}-e1", $"{sessionId}-e2", $"{sessionId}-e3"], events.Select(e => e.Id));
        Assert.Equal([sessionId], (await storage.ListSessionsAsync(agentId, 10)).Select(s => s.Id));

        var updated = await storage.UpdateSessionAsync(created with { Status = SessionStatus.Ended });
        Assert.Equal(2, updated.Version);
        Assert.Equal(SessionStatus.Ended, (await storage.GetSessionAsync(sessionId))!.Status);

        await storage.DeleteSessionAsync(sessionId);
        Assert.Null(await storage.GetSessionAsync(sessionId));
        Assert.Empty(await storage.ListEventsAsync(sessionId));
    }
}
