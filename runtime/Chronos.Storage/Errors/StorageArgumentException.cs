namespace Chronos.Storage;

/// <summary>
/// An argument was rejected before any I/O: <see cref="ArgumentException.ParamName"/> names the parameter,
/// <see cref="Entity"/> and <see cref="Field"/> say what it was for.
/// </summary>
public sealed class StorageArgumentException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public StorageArgumentException(string paramName, string? entity, string? field, string problem)
        : base(Describe(entity, field, problem), paramName)
    {
        Entity = entity;
        Field = field;
    }

    /// <summary>The entity concerned, if any.</summary>
    public string? Entity { get; }

    /// <summary>The storage field concerned, if any.</summary>
    public string? Field { get; }

    private static string Describe(string? entity, string? field, string problem) =>
        (entity, field) switch
        {
            (null, _) => problem,
            (_, null) => $"{entity}: {problem}",
            _ => $"{entity}.{field}: {problem}",
        };
}
