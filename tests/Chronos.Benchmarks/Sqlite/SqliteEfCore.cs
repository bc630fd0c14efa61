using System.Text.Json.Nodes;
using Chronos.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Chronos.Benchmarks.Sqlite;

/// <summary>
/// EF Core 10 on the adapter's tables: the records themselves are the entities, mapped onto the storage names with
/// value converters (INTEGER Unix microseconds, JSON text). Written the way a careful EF user would: pooled contexts,
/// compiled no-tracking queries, one transaction (BEGIN IMMEDIATE, Microsoft.Data.Sqlite's default) for the append.
/// </summary>
internal sealed class SqliteEfCore : IDisposable
{
    private static readonly Func<ChronosDbContext, string, Session?> SessionById =
        EF.CompileQuery((ChronosDbContext db, string id) => db.Sessions.AsNoTracking().FirstOrDefault(s => s.Id == id));

    private static readonly Func<ChronosDbContext, string, int, IEnumerable<Session>> SessionsByAgent =
        EF.CompileQuery((ChronosDbContext db, string agentId, int limit) =>
            db.Sessions.AsNoTracking().Where(s => s.AgentId == agentId).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(limit));

    // Take(limit) like the other contenders' LIMIT (and so that the compiled query's result is an IQueryable).
    private static readonly Func<ChronosDbContext, string, long, int, IEnumerable<Event>> EventsBySession =
        EF.CompileQuery((ChronosDbContext db, string sessionId, long after, int limit) =>
            db.Events.AsNoTracking().Where(e => e.SessionId == sessionId && e.SeqNum > after).OrderBy(e => e.SeqNum).Take(limit));

    private static readonly Func<ChronosDbContext, string, Event?> EventById =
        EF.CompileQuery((ChronosDbContext db, string id) => db.Events.AsNoTracking().FirstOrDefault(e => e.Id == id));

    private static readonly Func<ChronosDbContext, string, long?> MaxSeq =
        EF.CompileQuery((ChronosDbContext db, string sessionId) => db.Events.Where(e => e.SessionId == sessionId).Max(e => (long?)e.SeqNum));

    private readonly PooledDbContextFactory<ChronosDbContext> _contexts;

    public SqliteEfCore(string path)
    {
        var options = new DbContextOptionsBuilder<ChronosDbContext>().UseSqlite($"Data Source={path}").Options;
        _contexts = new PooledDbContextFactory<ChronosDbContext>(options);
    }

    public Task<Session?> GetSessionAsync(string id)
    {
        using var db = _contexts.CreateDbContext();
        return Task.FromResult(SessionById(db, id));
    }

    public Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit)
    {
        using var db = _contexts.CreateDbContext();
        return Task.FromResult<IReadOnlyList<Session>>(SessionsByAgent(db, agentId, limit).ToList());
    }

    public Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId)
    {
        using var db = _contexts.CreateDbContext();
        return Task.FromResult<IReadOnlyList<Event>>(EventsBySession(db, sessionId, 0, int.MaxValue).ToList());
    }

    public Task<Event> AppendEventAsync(Event e)
    {
        using var db = _contexts.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        if (EventById(db, e.Id) is { } existing) return Task.FromResult(existing);
        var stored = e with { SeqNum = (MaxSeq(db, e.SessionId) ?? 0) + 1, CreatedAt = StorageTime.UtcNow() };
        db.Events.Add(stored);
        db.SaveChanges();
        transaction.Commit();
        return Task.FromResult(stored);
    }

    public void Dispose()
    {
        // Pooled contexts hold no connection between uses; the Sqlite pool is cleared with the other contenders'.
    }

    internal sealed class ChronosDbContext(DbContextOptions<ChronosDbContext> options) : DbContext(options)
    {
        public DbSet<Session> Sessions => Set<Session>();
        public DbSet<Event> Events => Set<Event>();

        protected override void OnModelCreating(ModelBuilder model)
        {
            var instant = new ValueConverter<DateTime, long>(v => StorageTime.ToUnixMicroseconds(v), v => StorageTime.FromUnixMicroseconds(v));
            var jsonObject = new ValueConverter<JsonObject, string>(v => v.ToJsonString(null), v => JsonNode.Parse(v, null, default)!.AsObject());
            var jsonNode = new ValueConverter<JsonNode, string>(v => v.ToJsonString(null), v => JsonNode.Parse(v, null, default)!);
            var jsonObjectComparer = new ValueComparer<JsonObject>((a, b) => JsonNode.DeepEquals(a, b), v => v.ToJsonString(null).GetHashCode(), v => v.DeepClone().AsObject());
            var jsonNodeComparer = new ValueComparer<JsonNode?>((a, b) => JsonNode.DeepEquals(a, b), v => v == null ? 0 : v.ToJsonString(null).GetHashCode(), v => v == null ? null : v.DeepClone());

            model.Entity<Session>(s =>
            {
                s.ToTable("sessions");
                s.HasKey(x => x.Id);
                s.Property(x => x.Id).HasColumnName("id");
                s.Property(x => x.AgentId).HasColumnName("agent_id");
                s.Property(x => x.UserId).HasColumnName("user_id");
                s.Property(x => x.Status).HasColumnName("status");
                s.Property(x => x.Metadata).HasColumnName("metadata").HasConversion(jsonObject, jsonObjectComparer);
                s.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion(instant);
                s.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasConversion(instant);
                s.Property(x => x.Version).HasColumnName("version");
            });
            model.Entity<Event>(e =>
            {
                e.ToTable("events");
                e.HasKey(x => x.Id);
                e.Property(x => x.Id).HasColumnName("id");
                e.Property(x => x.SessionId).HasColumnName("session_id");
                e.Property(x => x.SeqNum).HasColumnName("seq_num");
                e.Property(x => x.Type).HasColumnName("type");
                e.Property(x => x.Payload).HasColumnName("payload").HasConversion(jsonNode!, jsonNodeComparer);
                e.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion(instant);
            });
        }
    }
}
