using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Reads and deletes given an id or key that no write accepts (NUL, a lone surrogate): refused before any I/O with a
/// <see cref="StorageArgumentException"/> naming the parameter, as writes refuse it, never a driver error (PostgreSQL
/// cannot compare text holding NUL) and never a silent mismatch.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Every read and delete that takes an id or key, by name.</summary>
    private static readonly Dictionary<string, Func<IStorage, string, Task>> ReadsById = new()
    {
        ["GetSession"] = (s, id) => s.GetSessionAsync(id),
        ["ListSessions"] = (s, id) => s.ListSessionsAsync(id, 10),
        ["ListSessionsPage"] = (s, id) => s.ListSessionsPageAsync(id, 10),
        ["DeleteSession"] = (s, id) => s.DeleteSessionAsync(id),
        ["GetMemory.agent"] = (s, id) => s.GetMemoryAsync(id, "k"),
        ["GetMemory.key"] = (s, id) => s.GetMemoryAsync("agent", id),
        ["ListMemory"] = (s, id) => s.ListMemoryAsync(id, MemoryKind.LongTerm),
        ["DeleteMemory"] = (s, id) => s.DeleteMemoryAsync(id),
        ["ListAuditLogs"] = (s, id) => s.ListAuditLogsAsync(id, 10),
        ["ListAuditLogsPage"] = (s, id) => s.ListAuditLogsPageAsync(id, 10),
        ["ListSessionAuditLogs"] = (s, id) => s.ListSessionAuditLogsAsync(id, 10),
        ["ListSessionAuditLogsPage"] = (s, id) => s.ListSessionAuditLogsPageAsync(id, 10),
        ["GetTrace"] = (s, id) => s.GetTraceAsync(id),
        ["ListTraces"] = (s, id) => s.ListTracesAsync(id),
        ["ListEvents"] = (s, id) => s.ListEventsAsync(id),
        ["ReadEvents"] = async (s, id) => { await foreach (var _ in s.ReadEventsAsync(id)) { } },
        ["GetCheckpoint"] = (s, id) => s.GetCheckpointAsync(id),
        ["GetLatestCheckpoint"] = (s, id) => s.GetLatestCheckpointAsync(id),
        ["ListCheckpoints"] = (s, id) => s.ListCheckpointsAsync(id, 10),
        ["ListCheckpointsPage"] = (s, id) => s.ListCheckpointsPageAsync(id, 10),
    };

    /// <summary>Each read by name, with each kind of text no write accepts.</summary>
    public static TheoryData<string, string> HostileReads
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var read in ReadsById.Keys)
            {
                foreach (var text in new[] { "high-D800", "low-DC00", "nul" }) data.Add(read, text);
            }
            return data;
        }
    }

    /// <summary>The read refuses the id naming what is wrong with it, before sending anything.</summary>
    [ConformanceTheory]
    [MemberData(nameof(HostileReads))]
    public async Task AReadGivenAnIdNoWriteAcceptsIsRefusedBeforeAnyIo(string read, string text)
    {
        var error = await Assert.ThrowsAsync<StorageArgumentException>(() => ReadsById[read](Store, "id-" + HostileText(text)));
        Assert.Contains(text == "nul" ? "NUL" : "surrogate", error.Message);
    }
}
