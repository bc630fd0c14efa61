using System.Runtime.CompilerServices;
using Xunit;

namespace Chronos.Storage.Compatibility;

/// <summary>Where fixtures are read from (the build output) and written to (the source tree, when regenerating).</summary>
internal static class FixtureFiles
{
    /// <summary>Set to 1 to (re)write the fixtures from the code of the current commit (see Fixtures/README.md).</summary>
    public const string WriteVariable = "CHRONOS_WRITE_FIXTURES";

    public static bool Writing => Environment.GetEnvironmentVariable(WriteVariable) == "1";

    /// <summary>A checked-in fixture, as copied next to the test assembly.</summary>
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Writes a fixture into the source tree (Fixtures/ beside this file).</summary>
    public static void Write(string name, string text, [CallerFilePath] string source = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "Fixtures");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), text.ReplaceLineEndings("\n"));
    }
}

/// <summary>
/// A test that rewrites a fixture from the code of the current commit: skipped unless
/// <see cref="FixtureFiles.WriteVariable"/> is 1 (it must never run in an ordinary test run, or the fixtures would
/// follow the code instead of holding it to the old layout).
/// </summary>
public sealed class FixtureWriterFactAttribute : FactAttribute
{
    /// <summary>Skipped unless regenerating.</summary>
    public FixtureWriterFactAttribute()
    {
        if (!FixtureFiles.Writing) Skip = $"writes the fixtures; set {FixtureFiles.WriteVariable}=1 to regenerate them (Fixtures/README.md)";
    }
}
