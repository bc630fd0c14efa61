using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Chronos.Storage.Dynamo;

/// <summary>DynamoDB's item size accounting (attribute name + value bytes), computed before a write is sent.</summary>
internal static class DynamoItemSize
{
    /// <summary>DynamoDB's item size limit: 400 KB, including attribute names.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>The item's size and its largest attribute.</summary>
    public static (long Size, string? Largest) Measure(Dictionary<string, AttributeValue> item)
    {
        long total = 0;
        long largestSize = -1;
        string? largest = null;
        foreach (var (name, value) in item)
        {
            var size = Encoding.UTF8.GetByteCount(name) + ValueSize(value);
            total += size;
            if (size > largestSize)
            {
                largestSize = size;
                largest = name;
            }
        }
        return (total, largest);
    }

    private static long ValueSize(AttributeValue value)
    {
        if (value.S is { } s) return Encoding.UTF8.GetByteCount(s);
        if (value.N is { } n) return NumberSize(n);
        if (value.B is { } b) return b.Length;
        // BOOL and NULL: one byte. This mapping writes no sets, lists or maps.
        return 1;
    }

    /// <summary>AWS: about one byte per two significant digits, plus one byte.</summary>
    private static int NumberSize(string number)
    {
        var digits = 0;
        foreach (var c in number)
        {
            if (c is 'e' or 'E') break;
            if (char.IsAsciiDigit(c)) digits++;
        }
        return (digits + 1) / 2 + 1;
    }
}
