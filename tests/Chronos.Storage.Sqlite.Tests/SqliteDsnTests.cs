using Xunit;

namespace Chronos.Storage.Sqlite.Tests;

public sealed class SqliteDsnTests
{
    [Fact]
    public void MemoryDsnIsInMemory()
    {
        var dsn = SqliteDsn.Parse(":memory:");

        Assert.True(dsn.InMemory);
        Assert.Equal(":memory:", dsn.DataSource);
    }

    [Fact]
    public void RelativeFilePathBecomesAbsolute()
    {
        var dsn = SqliteDsn.Parse("myapp.db");

        Assert.False(dsn.InMemory);
        Assert.Equal(Path.GetFullPath("myapp.db"), dsn.DataSource);
        Assert.Contains("Pooling=False", dsn.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeywordFormIsAccepted()
    {
        using var temp = new TempDatabase();

        var dsn = SqliteDsn.Parse($"Data Source={temp.File("k.db")};Cache=Shared");

        Assert.Equal(temp.File("k.db"), dsn.DataSource);
        Assert.Contains("Cache=Shared", dsn.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyDsnIsAConfigurationError(string? dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => SqliteDsn.Parse(dsn));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectoryIsAConfigurationErrorNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "chronos-no-such-dir-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<StorageConfigurationException>(() => SqliteDsn.Parse(Path.Combine(missing, "x.db")));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedConnectionStringNeverEchoesItsValues()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => SqliteDsn.Parse("Data Source=x.db;Password=hunter2;Bogus Key=1"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionStringWithoutDataSourceIsRejected()
    {
        Assert.Throws<StorageConfigurationException>(() => SqliteDsn.Parse("Cache=Shared"));
    }

    [Fact]
    public async Task OpeningAFileDatabaseSwitchesItToWal()
    {
        using var temp = new TempDatabase();
        await using (await SqliteStorage.OpenAsync(temp.File())) { }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.File()};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)command.ExecuteScalar());
    }

    [Fact]
    public void UnopenableFileIsAConfigurationError()
    {
        using var temp = new TempDatabase();
        // A directory where the file should be: SQLite cannot open it.
        Directory.CreateDirectory(temp.File("dir.db"));

        var error = Assert.Throws<StorageConfigurationException>(() => new SqliteStorage(new SqliteStorageOptions { Dsn = temp.File("dir.db") }));

        Assert.Contains("dir.db", error.Message, StringComparison.Ordinal);
    }
}
