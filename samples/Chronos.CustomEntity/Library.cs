using Chronos.Storage;
using Chronos.Storage.Sqlite;

namespace Chronos.CustomEntity;

/// <summary>What the sample does with its database file, callable from Program and from the tests.</summary>
internal static class Library
{
    /// <summary>
    /// Opens (or creates) the SQLite file, brings the books table to the code's version (a v1 file is upgraded in
    /// place: new column with its default, new index), adds a book on a shelf, and lists what the shelves hold.
    /// </summary>
    public static async Task<IReadOnlyList<Book>> RunAsync(string databaseFile, TextWriter log, CancellationToken cancellationToken = default)
    {
        await using var storage = await SqliteStorage.OpenAsync(databaseFile, cancellationToken: cancellationToken);
        var books = storage.Entities<Book>();
        // Creates the table on a new file; on a file written by older code, applies the spec's missing versions.
        await books.EnsureSchemaAsync(cancellationToken);

        await books.UpsertAsync(new Book { Isbn = "978-0262033848", Title = "Introduction to Algorithms", Author = "Cormen", Year = 2009, Shelf = "reference" },
            cancellationToken);

        var unsorted = await books.ListAsync(new IndexQuery(BookIndexes.ByShelf, "unsorted"), cancellationToken);
        var reference = await books.ListAsync(new IndexQuery(BookIndexes.ByShelf, "reference") { Limit = 10 }, cancellationToken);
        foreach (var book in unsorted.Concat(reference))
        {
            log.WriteLine($"{book.Shelf,-10} {book.Year} {book.Author,-10} {book.Title}");
        }
        return [.. unsorted, .. reference];
    }
}
