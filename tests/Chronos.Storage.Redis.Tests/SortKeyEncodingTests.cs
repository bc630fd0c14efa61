using System.Text;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The encoding must order exactly like the values (ordinal string order, as Redis BYLEX and DynamoDB compare).</summary>
public sealed class SortKeyEncodingTests
{
    private static string Encode(IndexValue value)
    {
        var text = new StringBuilder();
        SortKeyEncoding.Append(text, value);
        return text.ToString();
    }

    private static void AssertOrdersLike<T>(IEnumerable<T> values, Func<T, IndexValue> of, IComparer<T> comparer)
    {
        var list = values.ToList();
        var byValue = list.Order(comparer).ToList();
        var byEncoding = list.OrderBy(v => Encode(of(v)), StringComparer.Ordinal).ToList();
        Assert.Equal(byValue, byEncoding);
    }

    [Fact]
    public void Int64OrdersNumerically()
    {
        long[] values = [long.MinValue, -1_000_000_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, long.MaxValue];
        AssertOrdersLike(values.Reverse(), IndexValue.Of, Comparer<long>.Default);
        Assert.All(values, v => Assert.Equal(SortKeyEncoding.Int64Width, Encode(v).Length));
    }

    [Fact]
    public void DoubleOrdersNumerically()
    {
        double[] values = [double.NegativeInfinity, -1e300, -2.5, -1, -1e-300, 0, 1e-300, 1, 2.5, 1e300, double.PositiveInfinity];
        AssertOrdersLike(values.Reverse(), IndexValue.Of, Comparer<double>.Default);
        Assert.Equal(Encode(IndexValue.Of(0.0)), Encode(IndexValue.Of(-0.0)));
    }

    [Fact]
    public void StringsOrderOrdinallyAndArePrefixFree()
    {
        string[] values = ["", "\u0000", "\u0000a", "\u0001", "a", "a\u0000", "a\u0001", "ab", "b", "é", "日本"];
        AssertOrdersLike(values.Reverse(), IndexValue.Of, StringComparer.Ordinal);
        // A string component followed by anything still sorts by the string first.
        Assert.True(string.CompareOrdinal(Encode("a") + "zzz", Encode("ab")) < 0);
    }

    [Fact]
    public void StringsDecodeBack()
    {
        foreach (var value in new[] { "", "x", "\u0000\u0001\u0002", "a\u0001b\u0000c" })
        {
            var encoded = Encode(value) + "tail";
            Assert.Equal(value, SortKeyEncoding.ReadString(encoded, 0, out var next));
            Assert.Equal("tail", encoded[next..]);
        }
    }

    [Fact]
    public void InstantsOrderInTime()
    {
        var t = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        DateTime[] values = [new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), DateTime.UnixEpoch.AddTicks(-10), DateTime.UnixEpoch, t, t.AddTicks(10), DateTime.MaxValue.AddTicks(-9)];
        AssertOrdersLike(values.Reverse(), v => IndexValue.Of(v), Comparer<DateTime>.Default);
    }

    [Fact]
    public void TruncatedKeyIsAFormatError() =>
        Assert.Throws<FormatException>(() => SortKeyEncoding.Skip("1000", 0, FieldKind.Int64));
}
