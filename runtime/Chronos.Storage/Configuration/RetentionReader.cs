using System.Globalization;
using System.Text.RegularExpressions;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Reads a <c>retention:</c> section: <c>sessions</c>, <c>events</c>, <c>short_term_memory</c> and <c>audit_logs</c>
/// take a duration (<c>30d</c>, <c>24h</c>, <c>90m</c>, <c>45s</c>); <c>checkpoints</c> takes
/// <c>{ keep_latest: N, max_age: duration }</c>. Unknown keys and bad values are errors at their file:line:column.
/// </summary>
internal static partial class RetentionReader
{
    private const string CheckpointsKey = "checkpoints";
    private static readonly string[] RetentionKeys = ["sessions", "events", CheckpointsKey, "short_term_memory", "audit_logs"];
    private static readonly string[] CheckpointKeys = ["keep_latest", "max_age"];

    /// <summary>The policy written under <paramref name="key"/> of <paramref name="parent"/>, or null when the section is absent or empty.</summary>
    public static RetentionPolicy? Read(ConfigurationMapping parent, string key, string parentPath)
    {
        var entry = parent.Entries.FirstOrDefault(e => e.Key == key);
        if (entry is null || entry.Value is ConfigurationScalar { Value: null }) return null;
        var path = $"{parentPath}.{key}";
        var mapping = ChronosConfigReader.AsMapping(entry.Value, path);
        ChronosConfigReader.CheckKeys(mapping, path, RetentionKeys);
        var values = mapping.Entries.Where(e => e.Key != CheckpointsKey)
            .ToDictionary(e => e.Key, e => Duration(e.Value, $"{path}.{e.Key}"), StringComparer.Ordinal);
        return new RetentionPolicy
        {
            Sessions = values.GetValueOrDefault("sessions"),
            Events = values.GetValueOrDefault("events"),
            ShortTermMemory = values.GetValueOrDefault("short_term_memory"),
            AuditLogs = values.GetValueOrDefault("audit_logs"),
            Checkpoints = ReadCheckpoints(mapping, $"{path}.{CheckpointsKey}"),
        };
    }

    private static CheckpointRetention? ReadCheckpoints(ConfigurationMapping retention, string path)
    {
        var entry = retention.Entries.FirstOrDefault(e => e.Key == CheckpointsKey);
        if (entry is null || entry.Value is ConfigurationScalar { Value: null }) return null;
        var mapping = ChronosConfigReader.AsMapping(entry.Value, path);
        ChronosConfigReader.CheckKeys(mapping, path, CheckpointKeys);
        int? keepLatest = null;
        TimeSpan? maxAge = null;
        foreach (var field in mapping.Entries)
        {
            var fieldPath = $"{path}.{field.Key}";
            if (field.Key == "max_age")
            {
                maxAge = Duration(field.Value, fieldPath);
            }
            else
            {
                var text = Scalar(field.Value, fieldPath);
                keepLatest = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    ? count
                    : throw ConfigurationErrors.At(field.Value.Location, fieldPath, $"expected a whole number 0 or more, found {DsnRedactor.Quote(text)}.");
            }
        }
        return new CheckpointRetention { KeepLatest = keepLatest, MaxAge = maxAge };
    }

    /// <summary>A positive whole number followed by d, h, m or s.</summary>
    private static TimeSpan? Duration(ConfigurationNode node, string path)
    {
        if (node is ConfigurationScalar { Value: null }) return null;
        var text = Scalar(node, path);
        var match = DurationPattern().Match(text);
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            try
            {
                return match.Groups[2].Value switch
                {
                    "d" => TimeSpan.FromDays(amount),
                    "h" => TimeSpan.FromHours(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
            {
                // falls through to the error: too long to be a duration
            }
        }
        throw ConfigurationErrors.At(node.Location, path,
            $"expected a positive duration like 30d, 24h, 90m or 45s, found {DsnRedactor.Quote(text)}.");
    }

    private static string Scalar(ConfigurationNode node, string path) =>
        node is ConfigurationScalar { Value: { } value } ? value : throw ConfigurationErrors.WrongShape(node, path, "a scalar");

    [GeneratedRegex(@"^([0-9]+)(d|h|m|s)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
