using System.Globalization;

namespace Chronos.Storage.Configuration;

// The `compression:` key of `defaults:` and of an agent (issue 17 §3):
//   compression: zstd                                   # zstd, default threshold (16 KiB) and level (3)
//   compression: none                                   # off (an agent overriding the defaults)
//   compression: { codec: zstd, min_bytes: 65536, level: 3 }
// An agent's own value replaces the defaults' whole.
internal sealed partial class ChronosConfigReader
{
    private const string CompressionKey = "compression";
    private static readonly string[] CompressionKeys = ["codec", "min_bytes", "level"];
    private static readonly string[] Codecs = ["zstd", "none"];

    /// <summary>The section's compression: null when absent, <see cref="CompressionSetting.Off"/> for <c>none</c>.</summary>
    private CompressionSetting? ReadCompression(ConfigurationMapping parent, string parentPath)
    {
        var entry = Find(parent, CompressionKey);
        if (entry is null || IsNull(entry.Value)) return null;
        var path = $"{parentPath}.{CompressionKey}";
        if (entry.Value is ConfigurationScalar scalar)
        {
            return Codec(new Located(Expand(scalar, path) ?? "", scalar.Location, path)) ? CompressionSetting.Of(JsonCompression.Zstd()) : CompressionSetting.Off;
        }
        var mapping = AsMapping(entry.Value, path);
        CheckKeys(mapping, path, CompressionKeys);
        var codec = ReadScalar(mapping, "codec", path)
            ?? throw ConfigurationErrors.At(mapping.Location, path, "missing 'codec': zstd or none.");
        if (!Codec(codec)) return CompressionSetting.Off;
        var defaults = new JsonCompression();
        var minBytes = Integer(ReadScalar(mapping, "min_bytes", path), 0, int.MaxValue) ?? defaults.MinBytes;
        var level = Integer(ReadScalar(mapping, "level", path), 1, 22) ?? defaults.Level;
        return CompressionSetting.Of(JsonCompression.Zstd(minBytes, level));
    }

    /// <summary>True for zstd, false for none; anything else is an error naming the nearest codec.</summary>
    private static bool Codec(Located codec)
    {
        if (codec.Value == "zstd") return true;
        if (codec.Value == "none") return false;
        var nearest = NearestName.Find(codec.Value, Codecs);
        var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        throw ConfigurationErrors.At(codec.Location, codec.Path, $"unknown compression codec {Providers.DsnRedactor.Quote(codec.Value)}.{hint} Valid codecs: zstd, none.");
    }

    private static int? Integer(Located? value, int min, int max)
    {
        if (value is null) return null;
        if (int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max) return number;
        throw ConfigurationErrors.At(value.Location, value.Path, $"expected a whole number from {min} to {max}, found {Providers.DsnRedactor.Quote(value.Value)}.");
    }
}

/// <summary>A <c>compression:</c> value as written: on with its settings, or explicitly off.</summary>
internal sealed record CompressionSetting(JsonCompression? Compression)
{
    public static CompressionSetting Off { get; } = new((JsonCompression?)null);

    public static CompressionSetting Of(JsonCompression compression) => new(compression);
}
