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

    /// <summary>Creates the exception for a field of the record with key <paramref name="key"/>.</summary>
    public StorageArgumentException(string paramName, string entity, string? key, string field, string problem)
        : base(Describe(entity, field, key is null ? problem : $"(id '{Printable(key)}') {problem}"), paramName)
    {
        Entity = entity;
        Key = key;
        Field = field;
    }

    /// <summary>The key (id) of the record concerned, if known.</summary>
    public string? Key { get; }

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

    /// <summary>
    /// The key as it may appear in a message: control characters and surrogates escaped (a hostile id must not make
    /// the message itself invalid text), at most 120 characters.
    /// </summary>
    internal static string Printable(string value)
    {
        const int MaxLength = 120;
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= MaxLength)
            {
                builder.Append('…');
                break;
            }
            if (char.IsControl(c) || char.IsSurrogate(c)) builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
