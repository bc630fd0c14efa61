namespace Chronos.Storage.Configuration;

/// <summary>Where a configuration value was written: a file with line and column, or a named source without lines.</summary>
/// <param name="Source">The file name as given, or a source description such as <c>configuration section 'Chronos'</c>.</param>
/// <param name="Line">1-based line, or 0 when the source has no lines.</param>
/// <param name="Column">1-based column, or 0.</param>
public readonly record struct ConfigurationLocation(string Source, int Line, int Column)
{
    /// <summary><c>file:line:column</c>, or the source alone when it has no lines.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;

    /// <summary><c>file:line</c>, or the source alone.</summary>
    public string ToLineString() => Line > 0 ? $"{Source}:{Line}" : Source;
}
