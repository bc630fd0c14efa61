namespace Chronos.Storage.VectorConformance;

/// <summary>
/// Live tests run against a real server only when its environment variable is set (the servers cannot be installed
/// on every machine); otherwise they are reported as skipped with this reason.
/// </summary>
public static class LiveServer
{
    /// <summary>The variable's value, or null.</summary>
    public static string? Setting(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>The variable's <c>url</c> or <c>url;secret</c> (API key or token), split.</summary>
    public static (Uri Endpoint, string? Secret) EndpointAndSecret(string variable)
    {
        var parts = (Setting(variable) ?? throw new InvalidOperationException($"{variable} is not set.")).Split(';', 2);
        return (new Uri(parts[0]), parts.Length > 1 ? parts[1] : null);
    }

    /// <summary>Null when <paramref name="variable"/> is set, else the reason to skip.</summary>
    public static string? SkipUnless(string variable, string what) =>
        Setting(variable) is null ? $"{variable} is not set: no {what} to test against (set it to run the vector conformance suite live)." : null;
}
