using System.Diagnostics;
using Chronos.Storage.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// The OpenTelemetry SDK set up as an application would (<c>AddSource</c>/<c>AddMeter</c> with the package name),
/// exporting to memory: the spans of one workload (those under <see cref="Root"/>) and the metrics since it started.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("Chronos.Observability.Tests");
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryCapture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(StorageTelemetry.Name, TestSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_spans)
            .Build()!;
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(StorageTelemetry.Name)
            .AddInMemoryExporter(_metrics)
            .Build()!;
        Root = TestSource.StartActivity("workload")!;
    }

    /// <summary>The test's own span: every storage span of the workload is in its trace.</summary>
    public Activity Root { get; }

    /// <summary>Ends the workload and returns its storage spans, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        Root.Stop();
        _tracer.ForceFlush();
        return _spans.Where(s => s.Source.Name == StorageTelemetry.Name && s.TraceId == Root.TraceId).ToList();
    }

    /// <summary>Each metric point's tags and value (sum for counters, count and sum for histograms), flushed now.</summary>
    public IReadOnlyList<MetricPointData> Points(string metricName)
    {
        _meter.ForceFlush();
        var points = new List<MetricPointData>();
        // Cumulative temporality: the newest export of a metric holds every point so far.
        foreach (var metric in _metrics.Where(m => m.Name == metricName).TakeLast(1))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
                var isHistogram = metric.MetricType is MetricType.Histogram;
                points.Add(new MetricPointData(tags,
                    isHistogram ? point.GetHistogramCount() : point.GetSumLong(),
                    isHistogram ? point.GetHistogramSum() : point.GetSumLong()));
            }
        }
        return points;
    }

    public void Dispose()
    {
        Root.Dispose();
        _tracer.Dispose();
        _meter.Dispose();
    }
}

/// <summary>One metric point: its attributes, its count (counter sum or histogram count) and its sum.</summary>
internal sealed record MetricPointData(IReadOnlyDictionary<string, object?> Tags, long Count, double Sum)
{
    public bool Has(string key, object value) => Tags.TryGetValue(key, out var actual) && Equals(actual, value);
}
