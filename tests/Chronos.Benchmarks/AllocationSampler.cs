using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Chronos.Benchmarks;

/// <summary>
/// Which types a batch of calls allocates: the runtime's GC AllocationTick event fires about every 100 KB allocated and
/// names the type that crossed the line, so over many calls the samples per type are proportional to its bytes.
/// Used by <c>--allocs ... --types</c> to find where two contenders' allocations differ.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, int> _samples = new();
    private volatile bool _recording;

    public void Start()
    {
        _samples.Clear();
        _recording = true;
    }

    public IReadOnlyDictionary<string, int> Stop()
    {
        _recording = false;
        return new Dictionary<string, int>(_samples);
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var index = e.PayloadNames.IndexOf("TypeName");
        if (index >= 0 && e.Payload![index] is string type) _samples.AddOrUpdate(type, 1, (_, n) => n + 1);
    }
}
