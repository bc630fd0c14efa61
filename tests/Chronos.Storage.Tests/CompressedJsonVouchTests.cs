using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Chronos.Storage.Json;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// The read path's shortcut (<see cref="CompressedJson.DecodeStored"/> trusting the parse's verdict that an object is
/// not the compressed wrapper) must neither keep a caller's object alive nor change what a read returns.
/// </summary>
public sealed class CompressedJsonVouchTests
{
    [Fact]
    public void AParseOutsideARecordReadIsNotKeptAlive() =>
        AssertCollected(ParseAndDrop(), "JsonLimits.Parse outside a record read left its object referenced by the thread");

    [Fact]
    public void ARecordReadsVouchedObjectIsReleasedOnceDecoded() =>
        AssertCollected(ReadFieldAndDrop(), "a decoded field's object stayed referenced by the thread");

    [Fact]
    public void AWrapperReadInsideARecordReadIsStillExpanded()
    {
        var original = new JsonObject { ["text"] = new string('x', 5_000) };
        var wrapper = CompressedJson.Encode(Encoding.UTF8.GetBytes(original.ToJsonString()), 3, out _);

        CompressedJson.ExpectStoredParse();
        var decoded = CompressedJson.DecodeStored(JsonLimits.Parse(wrapper.ToJsonString())!);

        Assert.True(JsonNode.DeepEquals(original, decoded));
    }

    [Fact]
    public void AFailedFieldReadLeavesNothingVouchedForTheNextParse()
    {
        CompressedJson.ExpectStoredParse();
        CompressedJson.ForgetStoredParse();
        AssertCollected(ParseAndDrop(), "a parse after a failed field read was remembered");
    }

    private static void AssertCollected(WeakReference parsed, string message)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(parsed.IsAlive, message);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ParseAndDrop() => new(JsonLimits.Parse("""{"big":"metadata"}""")!);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReadFieldAndDrop()
    {
        CompressedJson.ExpectStoredParse();
        var parsed = JsonLimits.Parse("""{"plain":true}""")!;
        Assert.Same(parsed, CompressedJson.DecodeStored(parsed));
        return new WeakReference(parsed);
    }
}
