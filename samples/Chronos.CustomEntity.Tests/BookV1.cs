using Chronos.Storage;

namespace Chronos.CustomEntity.Tests;

/// <summary>The sample's Book as its first release stored it.</summary>
[StorageEntity("Book")]
public sealed partial record BookV1
{
    public required string Isbn { get; init; }
    public required string Title { get; init; }
    public required string Author { get; init; }
    public int Year { get; init; }
}
