using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration.Tests;

/// <summary>
/// <see cref="KnownBackendPackages"/> is the one place the core names the shipped adapters: the "add the X package" hint
/// about a backend the app does not reference cannot come from a referenced assembly. The adapters' own
/// <c>[assembly: StorageBackend&lt;T&gt;]</c>/<c>VectorBackend&lt;T&gt;</c> declarations are the truth; this reads them
/// from every adapter's source in the repository (so an adapter no test project references is still seen) and requires
/// the hint table to say exactly the same.
/// </summary>
public sealed partial class KnownBackendPackagesTests
{
    [Fact]
    public void Storage_hint_table_matches_every_adapter_declaration() =>
        Assert.Equal(Declared("Storage"), Sorted(KnownBackendPackages.Storage));

    [Fact]
    public void Vector_hint_table_matches_every_adapter_declaration() =>
        Assert.Equal(Declared("Vector"), Sorted(KnownBackendPackages.Vector));

    private static List<(string Name, string Package)> Declared(string kind)
    {
        var adapters = Path.Combine(RepoRoot(), "adapters");
        var declared = new List<(string, string)>();
        foreach (var project in Directory.GetDirectories(adapters))
        {
            foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in Declaration().Matches(File.ReadAllText(file)))
                {
                    if (match.Groups["kind"].Value != kind) continue;
                    var package = match.Groups["package"].Success ? match.Groups["package"].Value : Path.GetFileName(project);
                    declared.Add((match.Groups["name"].Value, package));
                }
            }
        }
        Assert.NotEmpty(declared);
        return [.. declared.OrderBy(d => d.Item1, StringComparer.Ordinal)];
    }

    private static List<(string Name, string Package)> Sorted(IReadOnlyDictionary<string, string> table) =>
        [.. table.Select(e => (e.Key, e.Value)).OrderBy(e => e.Item1, StringComparer.Ordinal)];

    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [GeneratedRegex("""^\[assembly:\s*(?<kind>Storage|Vector)Backend<\w+>\("(?<name>[^"]+)"(?:[^\]\n]*Package\s*=\s*"(?<package>[^"]+)")?""", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
