using System.Diagnostics;
using Chronos.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// One engine's side of telemetry: its backend name and logger, and the start of every observed operation. The engine
/// owns one; its instrumented entity stores share it, so a logger attached after opening reaches them all.
/// </summary>
internal sealed partial class StorageObserver(string backend)
{
    /// <summary>The backend name, e.g. <c>postgres</c>.</summary>
    public string Backend { get; } = backend;

    /// <summary>The OpenTelemetry <c>db.system.name</c> of <see cref="Backend"/>.</summary>
    public string DbSystem { get; } = DbAttributes.SystemOf(backend);

    /// <summary>Where migrations, transient failures and retries are logged; never DSNs, payloads or messages.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// Whether operations go through the observed path: someone listens to spans or metrics, or the logger would
    /// write a failure. Otherwise the engine calls the adapter directly and pays nothing.
    /// </summary>
    public bool IsObserving => StorageTelemetry.IsObserved || Logger.IsEnabled(LogLevel.Warning);

    /// <summary>
    /// Starts timing (and, when someone listens, a span of) <paramref name="operation"/> on <paramref name="schema"/>'s
    /// collection, or on the whole store when <paramref name="schema"/> is null.
    /// </summary>
    public ObservedOperation Start(string operation, EntitySchema? schema) => new(this, operation, schema);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning,
        Message = "{Backend}: {Operation} on {Collection} failed because the server could not be reached ({ErrorType}); nothing was written, the same call can be retried")]
    public static partial void TransientFailure(ILogger logger, string backend, string operation, string collection, string errorType);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Information,
        Message = "{Backend}: migrated {Entity} from schema version {FromVersion} to {ToVersion}")]
    public static partial void MigrationApplied(ILogger logger, string backend, string entity, long fromVersion, int toVersion);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Debug, Message = "{Backend}: schema checked in {ElapsedMs:F1} ms, {Count} entity migrations applied")]
    public static partial void MigrationFinished(ILogger logger, string backend, double elapsedMs, int count);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Warning, Message = "{Backend}: retrying {Operation} (attempt {Attempt} failed: {ErrorType})")]
    public static partial void Retrying(ILogger logger, string backend, string operation, int attempt, string errorType);
}

/// <summary>
/// One storage operation being observed: its start time and, when someone listens to spans, its activity. Ends with
/// exactly one of <see cref="Succeeded"/> or <see cref="Failed"/>, which record the duration histogram.
/// </summary>
internal readonly struct ObservedOperation
{
    private readonly StorageObserver _observer;
    private readonly string _operation;
    private readonly string? _collection;
    private readonly long _started;

    public ObservedOperation(StorageObserver observer, string operation, EntitySchema? schema)
    {
        _observer = observer;
        _operation = operation;
        _collection = schema?.StorageName;
        _started = Stopwatch.GetTimestamp();
        // OpenTelemetry's span name for a database call: "{db.operation.name} {db.collection.name}".
        Activity = StorageTelemetry.Source.HasListeners()
            ? StorageTelemetry.Source.StartActivity(schema is null ? operation : $"{operation} {schema.StorageName}", ActivityKind.Client)
            : null;
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(DbAttributes.SystemName, observer.DbSystem);
            activity.SetTag(DbAttributes.OperationName, operation);
            activity.SetTag(DbAttributes.CollectionName, schema?.StorageName);
            activity.SetTag(DbAttributes.Entity, schema?.EntityName);
        }
    }

    /// <summary>The span, or null when no one samples it.</summary>
    public Activity? Activity { get; }

    /// <summary>Whether span attributes are wanted (worth extracting ids for).</summary>
    public bool WantsTags => Activity is { IsAllDataRequested: true };

    /// <summary>Tags the agent and session the operation is about (ids only, never values).</summary>
    public void TagIds(string? agentId, string? sessionId)
    {
        if (Activity is not { IsAllDataRequested: true } activity) return;
        if (agentId is not null) activity.SetTag(DbAttributes.AgentId, agentId);
        if (sessionId is not null) activity.SetTag(DbAttributes.SessionId, sessionId);
    }

    /// <summary>Sets one more span attribute when spans are recorded.</summary>
    public void Tag(string name, object? value)
    {
        if (Activity is { IsAllDataRequested: true } activity) activity.SetTag(name, value);
    }

    /// <summary>Records the bytes written or read, when the payload histogram is listened to.</summary>
    public void Payload(long bytes)
    {
        if (bytes < 0) return;
        StorageTelemetry.PayloadSize.Record(bytes, MetricTags(null));
    }

    /// <summary>The operation completed.</summary>
    public void Succeeded()
    {
        RecordDuration(null);
        Activity?.Dispose();
    }

    /// <summary>
    /// The operation found a version conflict without throwing (an optimistic update that matched nothing): counted
    /// with the conflicts; the caller throws the typed exception.
    /// </summary>
    public void Conflicted()
    {
        StorageTelemetry.Conflicts.Add(1, MetricTags(null));
        Tag("chronos.conflict", true);
    }

    /// <summary>
    /// The operation threw <paramref name="error"/>: the span is marked failed with the exception's type (never its
    /// message, which may quote a value), conflicts and transient failures are counted, and transient ones logged.
    /// </summary>
    public void Failed(Exception error)
    {
        var errorType = error.GetType().FullName ?? error.GetType().Name;
        var tags = MetricTags(errorType);
        switch (error)
        {
            case ConcurrencyConflictException:
                StorageTelemetry.Conflicts.Add(1, tags);
                break;
            case TransientStorageException:
                StorageTelemetry.TransientFailures.Add(1, tags);
                StorageObserver.TransientFailure(_observer.Logger, _observer.Backend, _operation, _collection ?? "the store", errorType);
                break;
        }
        RecordDuration(errorType);
        if (Activity is { } activity)
        {
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(DbAttributes.ErrorType, errorType);
                activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
                {
                    ["exception.type"] = errorType,
                    ["exception.stacktrace"] = error.StackTrace,
                }));
            }
            activity.Dispose();
        }
    }

    private void RecordDuration(string? errorType)
    {
        if (!StorageTelemetry.Duration.Enabled) return;
        StorageTelemetry.Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, MetricTags(errorType));
    }

    private TagList MetricTags(string? errorType)
    {
        var tags = new TagList
        {
            { DbAttributes.SystemName, _observer.DbSystem },
            { DbAttributes.OperationName, _operation },
        };
        if (_collection is not null) tags.Add(DbAttributes.CollectionName, _collection);
        if (errorType is not null) tags.Add(DbAttributes.ErrorType, errorType);
        return tags;
    }
}
