namespace Chronos.Storage.Providers;

/// <summary>Argument checks shared by every adapter, so that bad input fails the same way everywhere, before I/O.</summary>
public static class Guard
{
    /// <summary>The largest page a list accepts.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Rejects a null or empty id/key, and one no write accepts (NUL or a lone surrogate, see
    /// <see cref="StorageLimits"/>): no record can have it, and sent to a backend it is a driver error (PostgreSQL
    /// cannot even compare text holding NUL), so reads refuse it as writes do.
    /// </summary>
    public static string Required(string? value, string paramName, string? entity = null, string? field = null) =>
        IsRequiredText(value) ? value : throw RequiredRefusal(value, paramName, entity, field);

    /// <summary>
    /// <see cref="Required"/> for a record's member, named <c>{paramName}.{member}</c> in the error: the name is built
    /// only when the check fails, so a hot write path (one check per required member) allocates nothing for it.
    /// </summary>
    internal static string RequiredMember(string? value, string paramName, string member, string entity, string field) =>
        IsRequiredText(value) ? value : throw RequiredRefusal(value, paramName + "." + member, entity, field);

    // The one rule of Required and RequiredMember; the refusal says which half failed.
    private static bool IsRequiredText([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        !string.IsNullOrEmpty(value) && Validation.StorageText.IndexOfInvalid(value) < 0;

    private static StorageArgumentException RequiredRefusal(string? value, string paramName, string? entity, string? field) =>
        string.IsNullOrEmpty(value)
            ? new StorageArgumentException(paramName, entity, field, $"'{paramName}' must be a non-empty string.")
            : new StorageArgumentException(paramName, entity, field, $"'{paramName}' {Validation.StorageText.Describe(value, Validation.StorageText.IndexOfInvalid(value))}");

    /// <summary>Rejects a null record.</summary>
    public static T NotNull<T>(T? value, string paramName) where T : class =>
        value ?? throw new StorageArgumentException(paramName, typeof(T).Name, null, $"'{paramName}' must not be null.");

    /// <summary>Rejects a page size outside 1..<see cref="MaxLimit"/>.</summary>
    public static int Limit(int limit, string paramName = "limit")
    {
        if (limit is <= 0 or > MaxLimit)
        {
            throw new StorageArgumentException(paramName, null, null, $"'{paramName}' must be between 1 and {MaxLimit}; got {limit}.");
        }
        return limit;
    }

    /// <summary>Rejects a negative offset.</summary>
    public static int Offset(int offset, string paramName = "offset")
    {
        if (offset < 0)
        {
            throw new StorageArgumentException(paramName, null, null, $"'{paramName}' must be 0 or more; got {offset}.");
        }
        return offset;
    }

    /// <summary>Rejects a memory kind other than short_term/long_term.</summary>
    public static string MemoryKindValue(string? kind, string paramName, string entity = nameof(MemoryRecord))
    {
        if (!MemoryKind.IsKnown(kind))
        {
            throw new StorageArgumentException(paramName, entity, "kind",
                $"unknown memory kind '{kind}'; expected '{MemoryKind.ShortTerm}' or '{MemoryKind.LongTerm}'.");
        }
        return kind!;
    }
}
