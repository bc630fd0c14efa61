using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Chronos.Storage.Dynamo;
using Chronos.Storage.Providers;

// No options: the endpoint and page size are DSN parameters (DynamoDsn parses them), so there is one way to set each.
[assembly: StorageBackendCapabilities("DynamoDB",
    JsonIndexLimitation = "GSI key attributes must be scalars (S, N or B); a json field is stored as a map (M)")]
[assembly: StorageBackend<DynamoBackendFactory>("dynamo")]

namespace Chronos.Storage.Dynamo;

/// <summary>
/// Opens <see cref="DynamoStorage"/> from configuration:
/// <code>
/// storage:
///   backend: dynamo
///   dsn: dynamodb://us-east-1/chronos-table                                  # AWS
///   # dsn: dynamodb://us-east-1/chronos?endpoint=http://127.0.0.1:8000&amp;page_size=100   # DynamoDB Local
/// </code>
/// Credentials never go in the YAML: they come from the standard AWS chain (the <c>AWS_ACCESS_KEY_ID</c> and
/// <c>AWS_SECRET_ACCESS_KEY</c> environment variables, <c>AWS_PROFILE</c> and the shared credentials file, SSO, or the
/// container/instance role). DynamoDB Local accepts any values, but still needs some: set the two environment
/// variables (DynamoDB Local 3 accepts only letters and digits in the key id).
/// </summary>
public sealed class DynamoBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static async ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dsn = options.RequireDsn();
        // DynamoDsn's messages never quote secrets; the shared opener adds where the section is and the agent.
        var storage = await DynamoStorage.OpenAsync(dsn, credentials: null, cancellationToken).ConfigureAwait(false);
        await EnsureCredentialsAsync(options, storage).ConfigureAwait(false);
        return storage;
    }

    /// <summary>
    /// Resolves the AWS chain once now (it caches, so the client's own resolution is free), so that a machine without
    /// credentials gets a configuration error naming the YAML section instead of an SDK exception on the first call.
    /// </summary>
    private static async Task EnsureCredentialsAsync(StorageBackendOptions options, DynamoStorage storage)
    {
        try
        {
            await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw new StorageConfigurationException(
                $"{options.Source}: found no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
                "(any letters and digits for DynamoDB Local), AWS_PROFILE, or run with a role.", e);
        }
    }
}
