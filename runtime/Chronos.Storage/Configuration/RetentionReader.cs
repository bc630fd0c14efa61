using System.Globalization;
using System.Text.RegularExpressions;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Reads a <c>retention:</c> section: <c>sessions</c>, <c>events</c>, <c>short_term_memory</c> and <c>audit_logs</c>
/// take a duration (<c>30d</c>, <c>24h</c>, <c>90m</c>, <c>45s</c>); <c>checkpoints</c> takes
/// <c>{ keep_latest: N, max_age: duration }</c>. Any of the five rules may instead be <c>forever</c>: in an agent's
/// section it switches off the rule the agent would otherwise inherit from <c>defaults:</c> (an absent rule inherits,
/// so without it an agent could never keep more than the defaults). Unknown keys and bad values are errors at their
/// file:line:column.
/// </summary>
internal static partial class RetentionReader
{
    private const string CheckpointsKey = "checkpoints";
    private static readonly string[] RetentionKeys = ["sessions", "events", CheckpointsKey, "short_term_memory", "audit_logs"];
    private static readonly string[] CheckpointKeys = ["keep_latest", "max_age"];
    private const string Forever = "forever";

    /// <summary>
    /// The policy written under <paramref name="key"/> of <paramref name="parent"/> applied rule by rule over
    /// <paramref name="inherited"/> (the defaults' policy for an agent, null for the defaults themselves): a rule that is
    /// set replaces the inherited one, <c>forever</c> removes it, an absent one is inherited. <paramref name="inherited"/>
    /// when the section is absent or empty.
    /// </summary>
    public static RetentionPolicy? Read(ConfigurationMapping parent, string key, string parentPath, RetentionPolicy? inherited)
    {
        var entry = parent.Entries.FirstOrDefault(e => e.Key == key);
        if (entry is null || entry.Value is ConfigurationScalar { Value: null }) return inherited;
        var path = $"{parentPath}.{key}";
        var mapping = ChronosConfigReader.AsMapping(entry.Value, path);
        ChronosConfigReader.CheckKeys(mapping, path, RetentionKeys);
        var forever = mapping.Entries.Where(e => e.Value is ConfigurationScalar { Value: Forever }).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var values = mapping.Entries.Where(e => e.Key != CheckpointsKey && !forever.Contains(e.Key))
            .ToDictionary(e => e.Key, e => Duration(e.Value, $"{path}.{e.Key}"), StringComparer.Ordinal);
        var own = new RetentionPolicy
        {
            Sessions = values.GetValueOrDefault("sessions"),
            Events = values.GetValueOrDefault("events"),
            ShortTermMemory = values.GetValueOrDefault("short_term_memory"),
            AuditLogs = values.GetValueOrDefault("audit_logs"),
            Checkpoints = forever.Contains(CheckpointsKey) ? null : ReadCheckpoints(mapping, $"{path}.{CheckpointsKey}"),
        };
        var policy = (inherited ?? new RetentionPolicy()).Override(own);
        policy = policy with
        {
            Sessions = forever.Contains("sessions") ? null : policy.Sessions,
            Events = forever.Contains("events") ? null : policy.Events,
            ShortTermMemory = forever.Contains("short_term_memory") ? null : policy.ShortTermMemory,
            AuditLogs = forever.Contains("audit_logs") ? null : policy.AuditLogs,
            Checkpoints = forever.Contains(CheckpointsKey) ? null : policy.Checkpoints,
        };
        return policy;
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
                if (field.Value is ConfigurationScalar { Value: Forever })
                {
                    // A checkpoint rule without max_age removes every checkpoint past keep_latest, so "forever" here
                    // would read as its opposite; keeping every checkpoint is the whole rule switched off.
                    throw ConfigurationErrors.At(field.Value.Location, fieldPath,
                        "max_age cannot be 'forever'; to keep every checkpoint write 'checkpoints: forever'.");
                }
                maxAge = Duration(field.Value, fieldPath, orForever: false);
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

    /// <summary>A positive whole number followed by d, h, m or s (<paramref name="orForever"/>: a rule that may also be <c>forever</c>).</summary>
    private static TimeSpan? Duration(ConfigurationNode node, string path, bool orForever = true)
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
            $"expected a positive duration like 30d, 24h, 90m or 45s{(orForever ? ", or 'forever'" : "")}, found {DsnRedactor.Quote(text)}.");
    }

    private static string Scalar(ConfigurationNode node, string path) =>
        node is ConfigurationScalar { Value: { } value } ? value : throw ConfigurationErrors.WrongShape(node, path, "a scalar");

    [GeneratedRegex(@"^([0-9]+)(d|h|m|s)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
