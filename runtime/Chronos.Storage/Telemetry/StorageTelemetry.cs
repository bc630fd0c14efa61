using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// The names under which Chronos reports what storage is doing, and the hook adapters use for what only they see.
/// Every <see cref="Providers.StorageEngine"/> traces and measures its operations here, so every backend reports the same way:
/// subscribe with <c>AddSource(StorageTelemetry.Name)</c> and <c>AddMeter(StorageTelemetry.Name)</c> (OpenTelemetry),
/// or any <see cref="ActivityListener"/>/<see cref="MeterListener"/>. Nothing is measured while nobody listens.
/// </summary>
/// <remarks>
/// Spans follow OpenTelemetry's database client conventions: kind client, name <c>{operation} {collection}</c>,
/// attributes <c>db.system.name</c>, <c>db.operation.name</c>, <c>db.collection.name</c>, <c>chronos.entity</c>,
/// <c>chronos.agent.id</c>/<c>chronos.session.id</c> where the operation names them, and <c>error.type</c> on failure.
/// DSNs, credentials, payloads, memory values and exception messages are never recorded.
/// </remarks>
public static class StorageTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>: the package name.</summary>
    public const string Name = "Chronos.Storage";

    /// <summary>Histogram of operation durations in seconds (OpenTelemetry's <c>db.client.operation.duration</c>).</summary>
    public const string OperationDurationMetric = "db.client.operation.duration";

    /// <summary>Histogram of the bytes of the records written or read by an operation, as entity JSON.</summary>
    public const string PayloadSizeMetric = "chronos.storage.payload.size";

    /// <summary>Counter of optimistic-concurrency and ledger-fencing conflicts (<see cref="ConcurrencyConflictException"/>).</summary>
    public const string ConflictsMetric = "chronos.storage.conflicts";

    /// <summary>Counter of requests an adapter retried (<see cref="RecordRetry"/>).</summary>
    public const string RetriesMetric = "chronos.storage.retries";

    /// <summary>Counter of operations that failed because the server could not be reached (<see cref="TransientStorageException"/>).</summary>
    public const string TransientFailuresMetric = "chronos.storage.transient_failures";

    private static readonly string? Version = typeof(StorageTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    // The bucket boundaries OpenTelemetry's semantic conventions advise for db.client.operation.duration.
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram(OperationDurationMetric, "s",
        "Duration of storage operations.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    internal static readonly Histogram<long> PayloadSize = Meter.CreateHistogram<long>(PayloadSizeMetric, "By",
        "Bytes of the records an operation wrote or read, measured as entity JSON.");

    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(ConflictsMetric, "{conflict}",
        "Concurrency conflicts: stale session versions and fenced ledger appends.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesMetric, "{retry}",
        "Requests retried by an adapter after a transient failure.");

    internal static readonly Counter<long> TransientFailures = Meter.CreateCounter<long>(TransientFailuresMetric, "{failure}",
        "Operations that failed because the server could not be reached.");

    /// <summary>
    /// True when anyone listens to the spans or to an instrument an operation records: the one check on the hot path,
    /// so an unobserved store runs exactly the adapter's code.
    /// </summary>
    internal static bool IsObserved =>
        Source.HasListeners() || Duration.Enabled || PayloadSize.Enabled || Conflicts.Enabled || TransientFailures.Enabled;

    /// <summary>
    /// Records that an adapter retries <paramref name="operation"/> after a transient failure (the <c>retries</c>
    /// counter, and an event on the current span). For adapter authors: call it from the retry policy's callback.
    /// </summary>
    /// <param name="backend">The backend name, e.g. <c>qdrant</c>.</param>
    /// <param name="operation">The operation retried, e.g. <c>upsert</c>.</param>
    /// <param name="attempt">The attempt that failed, from 1.</param>
    /// <param name="cause">What failed (only its type is recorded), or null for a status code the service returned.</param>
    /// <param name="logger">Where to log the retry (a warning naming backend, operation, attempt and error type), or null.</param>
    public static void RecordRetry(string backend, string operation, int attempt, Exception? cause = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(operation);
        if (Retries.Enabled)
        {
            Retries.Add(1, new KeyValuePair<string, object?>(DbAttributes.SystemName, DbAttributes.SystemOf(backend)),
                new KeyValuePair<string, object?>(DbAttributes.OperationName, operation));
        }
        if (logger is not null)
        {
            StorageObserver.Retrying(logger, backend, operation, attempt, cause?.GetType().FullName ?? "an error status");
        }
        Activity.Current?.AddEvent(new ActivityEvent("chronos.retry", tags: new ActivityTagsCollection
        {
            [DbAttributes.OperationName] = operation,
            ["chronos.retry.attempt"] = attempt,
            [DbAttributes.ErrorType] = cause?.GetType().FullName,
        }));
    }
}
