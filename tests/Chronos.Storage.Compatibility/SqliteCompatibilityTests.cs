using System.Diagnostics;
using Chronos.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// SQLite: the fixture is the <c>sqlite3 .dump</c> of a database file the earlier layout code wrote (schema, rows and
/// schema-version table as SQL text); the test replays it into a new file with the raw driver.
/// </summary>
public sealed class SqliteCompatibilityTests : IDisposable
{
    private const string Fixture = "sqlite.sql";
    private readonly string _folder = Directory.CreateTempSubdirectory("chronos-compat-").FullName;

    [Fact]
    public async Task A_database_written_by_the_previous_layout_reads_back_and_continues()
    {
        var file = Path.Combine(_folder, "replayed.db");
        await using (var raw = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var command = raw.CreateCommand();
            command.CommandText = FixtureFiles.Read(Fixture);
            await command.ExecuteNonQueryAsync();
        }
        await using var store = await SqliteStorage.OpenAsync(file);
        await CompatibilityDataSet.VerifyAndExtendAsync(store);
    }

    [FixtureWriterFact]
    public async Task Regenerate_fixture()
    {
        var file = Path.Combine(_folder, "written.db");
        await using (var store = await SqliteStorage.OpenAsync(file))
        {
            await CompatibilityDataSet.WriteAsync(store);
        }
        SqliteConnection.ClearAllPools();
        var dump = Process.Start(new ProcessStartInfo("sqlite3", [file, ".dump"]) { RedirectStandardOutput = true })!;
        var text = await dump.StandardOutput.ReadToEndAsync();
        await dump.WaitForExitAsync();
        Assert.Equal(0, dump.ExitCode);
        FixtureFiles.Write(Fixture, text);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
