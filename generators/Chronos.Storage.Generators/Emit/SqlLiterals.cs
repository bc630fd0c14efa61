using System.Globalization;

namespace Chronos.Storage.Generators.Emit;

/// <summary>SQL literals for migration defaults, shared by every dialect's rules.</summary>
internal static class SqlLiterals
{
    /// <summary>A single-quoted string literal.</summary>
    public static string Text(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>A JSON number as written (the spec's text), refusing anything else so nothing odd reaches DDL.</summary>
    public static string Number(string json) =>
        double.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? json : "0";

    /// <summary>A JSON date-time string as microseconds since the Unix epoch (SQLite's instant encoding).</summary>
    public static string UnixMicroseconds(string json)
    {
        var text = Parsing.MigrationDefaults.Unquote(json);
        // An unparsable default is the CLR default (what readers return for a missing value), never a generator crash.
        if (!System.DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            instant = System.DateTime.MinValue;
        }
        var ticks = instant.Ticks - new System.DateTime(1970, 1, 1, 0, 0, 0, System.DateTimeKind.Utc).Ticks;
        return (ticks / 10).ToString(CultureInfo.InvariantCulture);
    }
}
