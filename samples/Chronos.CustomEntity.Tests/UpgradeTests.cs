using Chronos.Storage;
using Chronos.Storage.Sqlite;
using Xunit;

namespace Chronos.CustomEntity.Tests;

/// <summary>The sample run over a file written by its previous release: the file is upgraded in place.</summary>
public sealed class UpgradeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chronos-custom-entity-").FullName;

    private string File => Path.Combine(_directory, "books.db");

    [Fact]
    public async Task A_version_1_file_is_upgraded_and_its_books_land_on_the_default_shelf()
    {
        await using (var v1 = await SqliteStorage.OpenAsync(File))
        {
            var books = v1.Entities<BookV1>();
            await books.EnsureSchemaAsync();
            await books.InsertAsync(new BookV1 { Isbn = "978-0201633610", Title = "Design Patterns", Author = "Gamma", Year = 1994 });
        }

        var listed = await Library.RunAsync(File, TextWriter.Null);

        Assert.Equal(
            [("978-0201633610", "unsorted"), ("978-0262033848", "reference")],
            listed.Select(b => (b.Isbn, b.Shelf)));
        await using var reopened = await SqliteStorage.OpenAsync(File);
        Assert.Equal(new Book { Isbn = "978-0201633610", Title = "Design Patterns", Author = "Gamma", Year = 1994, Shelf = "unsorted" },
            await reopened.Entities<Book>().GetAsync("978-0201633610"));
        // The old release can no longer open the upgraded file.
        await Assert.ThrowsAsync<SchemaVersionException>(() => reopened.Entities<BookV1>().EnsureSchemaAsync());
    }

    [Fact]
    public async Task Running_the_sample_twice_is_stable()
    {
        var first = await Library.RunAsync(File, TextWriter.Null);
        var second = await Library.RunAsync(File, TextWriter.Null);

        Assert.Equal(first, second);
        Assert.Equal([("978-0262033848", "reference")], second.Select(b => (b.Isbn, b.Shelf)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
