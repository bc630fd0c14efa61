using Chronos.Storage;
using Microsoft.AspNetCore.Http;

namespace Chronos.Cli.Inspector;

/// <summary>
/// The inspector's JSON endpoints: GET only, each one read through <see cref="IStorage"/>. Ids travel in the query
/// string (stored ids may hold any character, '/' included).
/// </summary>
internal sealed class InspectorApi(AgentStorages storages)
{
    public const int EventPage = 500;
    public const int MaxPage = 1000;

    public IResult Agents() => Json(storages.Agents.ToList());

    public async Task<IResult> SessionsAsync(string agent, int? limit, int? offset, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        return Json(await storage.ListSessionsAsync(agent, Page(limit, 50), Math.Max(0, offset ?? 0), ct));
    }

    public async Task<IResult> SessionAsync(string agent, string session, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        return await storage.GetSessionAsync(session, ct) is { } found ? Json(found) : NotFound($"session '{session}' not found for agent '{agent}'");
    }

    /// <summary>A page of the session's ledger after <paramref name="after"/>, ascending.</summary>
    public async Task<IResult> EventsAsync(string agent, string session, long? after, int? limit, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        var query = new IndexQuery(EventIndexes.BySession, session) { After = Math.Max(0, after ?? 0), Limit = Page(limit, EventPage) };
        return Json(await storage.Entities<Event>().ListAsync(query, ct));
    }

    public async Task<IResult> CheckpointsAsync(string agent, string session, int? limit, int? offset, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        return Json(await storage.ListCheckpointsAsync(session, Page(limit, 200), Math.Max(0, offset ?? 0), ct));
    }

    public async Task<IResult> CheckpointAsync(string agent, string id, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        return await storage.GetCheckpointAsync(id, ct) is { } found ? Json(found) : NotFound($"checkpoint '{id}' not found");
    }

    /// <summary>What changed from checkpoint <paramref name="a"/> to checkpoint <paramref name="b"/>.</summary>
    public async Task<IResult> DiffAsync(string agent, string a, string b, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        if (await storage.GetCheckpointAsync(a, ct) is not { } before) return NotFound($"checkpoint '{a}' not found");
        if (await storage.GetCheckpointAsync(b, ct) is not { } after) return NotFound($"checkpoint '{b}' not found");
        return Json(new CheckpointDiff(before.Id, before.SeqNum, after.Id, after.SeqNum, JsonDiff.Compare(before.State, after.State)));
    }

    public async Task<IResult> TracesAsync(string agent, string session, CancellationToken ct)
    {
        if (await OpenAsync(agent, ct) is not { } storage) return UnknownAgent(agent);
        return Json(await storage.ListTracesAsync(session, ct));
    }

    private async Task<IStorage?> OpenAsync(string agent, CancellationToken ct) =>
        storages.Serves(agent) ? await storages.GetAsync(agent, ct) : null;

    private static int Page(int? requested, int fallback) => Math.Clamp(requested ?? fallback, 1, MaxPage);

    private static IResult UnknownAgent(string agent) => NotFound($"agent '{agent}' is not served here (see chronos.yaml and --agent)");

    public static IResult NotFound(string message) => Results.Json(new ErrorInfo(message), InspectorJson.TypeInfo<ErrorInfo>(), statusCode: StatusCodes.Status404NotFound);

    private static IResult Json<T>(T value) => Results.Json(value, InspectorJson.TypeInfo<T>());
}
