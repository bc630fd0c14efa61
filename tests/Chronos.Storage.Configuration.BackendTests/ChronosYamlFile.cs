namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// A chronos.yaml in the seed's shape, written to a temporary file: defaults on SQLite, and one listed agent whose
/// <c>storage:</c> section overrides the backend (with <c>${CHRONOS_TEST_*}</c> left for the loader to expand).
/// Deleted (with the default SQLite file) on dispose.
/// </summary>
internal sealed class ChronosYamlFile : IDisposable
{
    private readonly string _directory;

    /// <param name="agents">Each listed agent: its id and the lines of its <c>storage:</c> section (YAML, unindented).</param>
    public ChronosYamlFile(params (string AgentId, string StorageSection)[] agents)
        : this(NewDirectory(), agents)
    {
    }

    /// <summary>Writes the file into <paramref name="directory"/> (from <see cref="NewDirectory"/>), deleted on dispose.</summary>
    public ChronosYamlFile(string directory, params (string AgentId, string StorageSection)[] agents)
    {
        _directory = directory;
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "chronos.yaml");
        var text = new System.Text.StringBuilder()
            .AppendLine("defaults:")
            .AppendLine("  storage:")
            .AppendLine("    backend: sqlite")
            .AppendLine($"    dsn: {System.IO.Path.Combine(_directory, "defaults.db")}")
            .AppendLine("agents:");
        foreach (var (agentId, section) in agents)
        {
            text.AppendLine($"  - id: {agentId}").AppendLine("    storage:");
            foreach (var line in section.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                text.AppendLine("      " + line);
            }
        }
        File.WriteAllText(Path, text.ToString());
    }

    /// <summary>A fresh temporary directory name for <see cref="ChronosYamlFile(string, ValueTuple{string, string}[])"/>.</summary>
    public static string NewDirectory() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chronos-yaml-{Guid.NewGuid():N}");

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>A file beside the YAML (e.g. a SQLite database), removed with it.</summary>
    public string Beside(string name) => System.IO.Path.Combine(_directory, name);

    /// <summary>Loads the file and opens the agent's store (migrating it, the default).</summary>
    public async Task<IStorage> OpenAsync(string agentId)
    {
        var config = ChronosConfig.Load(Path);
        return await config.OpenStorageAsync(agentId);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
