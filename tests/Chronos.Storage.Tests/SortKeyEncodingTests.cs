using System.Text;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// The shared order-preserving encoding (runtime/Chronos.Storage/Engine/SortKeyEncoding.cs): encoded tuples compare by
/// UTF-8 bytes (DynamoDB's and Redis's order) exactly like the tuples compare field by field (SQL's ORDER BY).
/// </summary>
public sealed class SortKeyEncodingTests
{
    private static readonly string[] Strings =
        ["", "a", "a\u0000", "a\u0001", "a\u0002", "a\u0003", "ab", "a b", "b", "B", "\u00e9", "\uffff", "\ue000", "\ud83d\ude00", "z\u0001z", "\u0001", "\u0002\u0001"];

    private static readonly long[] Integers = [long.MinValue, -1_000_000, -1, 0, 1, 255, 256, 1L << 40, long.MaxValue];

    private static readonly double[] Doubles = [double.NegativeInfinity, -1e300, -2.5, -1e-300, -0.0, 0.0, 1e-300, 0.1, 2.5, 1e300, double.PositiveInfinity];

    [Fact]
    public void StringPairsOrderByUtf8BytesThenTheNextComponent()
    {
        foreach (var (a, b) in Pairs(Strings))
        {
            foreach (var (x, y) in Pairs(Integers.Take(4).ToArray()))
            {
                var expected = Math.Sign(Utf8Compare(a, b) is var c && c != 0 ? c : x.CompareTo(y));
                var actual = Math.Sign(Utf8Compare(SortKeyEncoding.Encode(a, x), SortKeyEncoding.Encode(b, y)));
                Assert.True(expected == actual, $"({Show(a)}, {x}) vs ({Show(b)}, {y}): expected {expected}, got {actual}");
            }
        }
    }

    [Fact]
    public void IntegersInstantsAndDoublesOrderNumerically()
    {
        foreach (var (a, b) in Pairs(Integers))
        {
            // The second component only decides ties: "z" after "a" must not outweigh a smaller first number.
            var expected = a == b ? 1 : Math.Sign(a.CompareTo(b));
            Assert.Equal(expected, Math.Sign(Utf8Compare(SortKeyEncoding.Encode(a, "z"), SortKeyEncoding.Encode(b, "a"))));
        }
        foreach (var (a, b) in Pairs(Doubles))
        {
            var expected = a == b ? 0 : Math.Sign(a.CompareTo(b));
            Assert.Equal(expected, Math.Sign(Utf8Compare(SortKeyEncoding.Encode(IndexValue.Of(a)), SortKeyEncoding.Encode(IndexValue.Of(b)))));
        }
        var early = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var late = new DateTime(2038, 1, 19, 3, 14, 8, DateTimeKind.Utc);
        Assert.True(Utf8Compare(SortKeyEncoding.Encode(early), SortKeyEncoding.Encode(late)) < 0);
        Assert.True(Utf8Compare(SortKeyEncoding.Encode(IndexValue.Of(false)), SortKeyEncoding.Encode(IndexValue.Of(true))) < 0);
    }

    [Fact]
    public void TuplesAreInjectiveAndStringsDecodeBack()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in Strings)
        {
            foreach (var b in Strings)
            {
                var encoded = SortKeyEncoding.Encode(a, b);
                Assert.True(seen.TryAdd(encoded, $"({Show(a)}, {Show(b)})"), $"({Show(a)}, {Show(b)}) collides with {seen.GetValueOrDefault(encoded)}");
            }
            Assert.Equal(a, SortKeyEncoding.DecodeString(SortKeyEncoding.Encode(a)));
        }
        Assert.Throws<FormatException>(() => SortKeyEncoding.DecodeString("no terminator"));
    }

    [Fact]
    public void AfterAllAndBeforeAllSplitKeysOnTheFirstComponent()
    {
        foreach (var pivot in Strings)
        {
            foreach (var first in Strings)
            {
                var key = SortKeyEncoding.Encode(first, "tail", 42L);
                var cmp = Utf8Compare(first, pivot);
                Assert.Equal(cmp > 0, Utf8Compare(key, SortKeyEncoding.AfterAll(pivot)) >= 0);
                Assert.Equal(cmp < 0, Utf8Compare(key, SortKeyEncoding.BeforeAll(pivot)) < 0);
            }
        }
        foreach (var pivot in Integers)
        {
            foreach (var first in Integers)
            {
                var key = SortKeyEncoding.Encode(first, "\uffff");
                Assert.Equal(first > pivot, Utf8Compare(key, SortKeyEncoding.AfterAll(pivot)) >= 0);
                Assert.Equal(first < pivot, Utf8Compare(key, SortKeyEncoding.BeforeAll(pivot)) < 0);
            }
        }
    }

    private static IEnumerable<(T, T)> Pairs<T>(T[] values) => values.SelectMany(a => values.Select(b => (a, b)));

    [Fact]
    public void String_components_decode_back_and_skip_to_the_next_component()
    {
        foreach (var value in Strings)
        {
            var encoded = SortKeyEncoding.Encode(value, 42L);
            Assert.Equal(value, SortKeyEncoding.ReadString(encoded, 0, out var next));
            Assert.Equal(SortKeyEncoding.Encode(42L), encoded[next..]);
            Assert.Equal(encoded.Length, SortKeyEncoding.Skip(encoded, next));
        }
    }

    [Fact]
    public void A_truncated_key_is_a_format_error() =>
        Assert.Throws<FormatException>(() => SortKeyEncoding.Skip(SortKeyEncoding.Encode("abc")[..^1], 0));

    private static int Utf8Compare(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private static string Show(string s) => string.Concat(s.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
