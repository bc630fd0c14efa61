using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>Maps driver exceptions to the storage error types, in one place.</summary>
internal static class MongoErrors
{
    /// <summary>The backend name in errors.</summary>
    public const string Backend = "mongo";

    /// <summary>True for a unique-index violation (E11000) from a write or a command.</summary>
    public static bool IsDuplicateKey(Exception e) => e switch
    {
        MongoWriteException w => w.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException b => b.WriteErrors.Any(x => x.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException c => c.Code == 11000,
        _ => false,
    };

    /// <summary>The server's duplicate-key message (names the index), or empty.</summary>
    public static string DuplicateKeyMessage(Exception e) => e switch
    {
        MongoWriteException w => w.WriteError?.Message ?? "",
        MongoCommandException c => c.ErrorMessage ?? "",
        _ => "",
    };

    /// <summary>True when the server could not be reached or the connection dropped (never a refused login).</summary>
    public static bool IsTransient(Exception e) =>
        !IsAuthenticationFailure(e) &&
        e is MongoConnectionException or TimeoutException or MongoNotPrimaryException or MongoNodeIsRecoveringException
            or MongoExecutionTimeoutException;

    /// <summary>
    /// True when the server refused the credentials. The driver reports that as a MongoAuthenticationException, which
    /// derives from MongoConnectionException (so it must be told apart before the transient check), sometimes wrapped
    /// in another connection error, or only inside the text of a server-selection TimeoutException that describes the
    /// cluster. Retrying a wrong password never helps, so it must not look transient.
    /// </summary>
    public static bool IsAuthenticationFailure(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is MongoAuthenticationException) return true;
        }
        return e is TimeoutException && e.Message.Contains(nameof(MongoAuthenticationException), StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="operation"/>, turning connection failures into <see cref="TransientStorageException"/>.</summary>
    public static async Task<T> Run<T>(string operationName, Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new TransientStorageException(Backend, operationName, e);
        }
        catch (Exception e) when (IsAuthenticationFailure(e))
        {
            throw new StorageConfigurationException($"{Backend}: the server rejected the credentials during '{operationName}' ({e.GetType().Name}).");
        }
    }
}
