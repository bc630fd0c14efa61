using Chronos.Storage;

namespace Chronos.CustomEntity;

/// <summary>The application's own record. Its persisted shape is books.schema.yaml (version 2: Shelf was added).</summary>
[StorageEntity]
public sealed partial record Book
{
    /// <summary>Key (ISBN).</summary>
    public required string Isbn { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Author, as printed.</summary>
    public required string Author { get; init; }

    /// <summary>Publication year.</summary>
    public int Year { get; init; }

    /// <summary>Where the book stands; added in version 2 (books stored before are on "unsorted").</summary>
    public string Shelf { get; init; } = "unsorted";
}
