using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Dynamo;

/// <summary>What every part of the adapter shares: the client, the table, the options, and the one error mapping.</summary>
internal sealed class DynamoContext
{
    /// <summary>The backend name used in errors.</summary>
    public const string Backend = "dynamodb";

    public DynamoContext(IAmazonDynamoDB client, DynamoStorageOptions options, RecordExpiry expiry)
    {
        Client = client;
        Options = options;
        Expiry = expiry;
        Table = new DynamoTable(this);
    }

    /// <summary>The engine's expiry of records written now, and its clock, for native expiry (<see cref="DynamoRecordExpiry{TEntity}"/>).</summary>
    public RecordExpiry Expiry { get; }

    public IAmazonDynamoDB Client { get; }

    public DynamoStorageOptions Options { get; }

    public string TableName => Options.TableName;

    public DynamoTable Table { get; }

    /// <summary>
    /// Runs one DynamoDB call, mapping failures to the library's errors: an unreachable server becomes
    /// <see cref="TransientStorageException"/>, a missing table a <see cref="StorageConfigurationException"/>. DynamoDB
    /// rejections the caller handles (conditions, cancelled transactions) pass through unchanged.
    /// </summary>
    public async Task<T> CallAsync<TRequest, T>(string operation, TRequest request, Func<IAmazonDynamoDB, TRequest, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(Client, request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException ex)
        {
            throw new StorageConfigurationException(
                $"{Backend}: table '{TableName}' (or one of its indexes) does not exist in region '{Options.Region}'; " +
                "run MigrateAsync (or EnsureSchemaAsync) first.", ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsUnreachable(ex))
        {
            throw new TransientStorageException(Backend, operation, ex);
        }
    }

    /// <summary>True for failures to reach the server at all (refused, reset, timed out, DNS).</summary>
    private static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException) return true;
            if (e is AmazonServiceException { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable }) return true;
        }
        return false;
    }
}
