using System.Globalization;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// Parses the DynamoDB DSN: <c>dynamodb://{region}/{table}[?endpoint={url}&amp;page_size={n}]</c>, for example
/// <c>dynamodb://us-east-1/chronos-table</c> or <c>dynamodb://us-east-1/chronos?endpoint=http://127.0.0.1:8000</c>.
/// Credentials never go in the DSN: they come from the standard AWS chain, so a DSN can be logged safely.
/// </summary>
public static class DynamoDsn
{
    /// <summary>The DSN scheme.</summary>
    public const string Scheme = "dynamodb";

    /// <summary>Turns a DSN into options.</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed; the message says which part and never
    /// repeats user info (which could be a secret).</exception>
    public static DynamoStorageOptions Parse(string dsn)
    {
        if (string.IsNullOrWhiteSpace(dsn)) throw Problem("the DSN is empty");
        if (!dsn.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            throw Problem($"the scheme must be '{Scheme}://' (for example '{Scheme}://us-east-1/chronos-table')");
        }
        var rest = dsn[(Scheme.Length + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rest : rest[..queryStart];
        var query = queryStart < 0 ? "" : rest[(queryStart + 1)..];

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? path : path[..slash];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw Problem("credentials are not accepted in the DSN (they were not echoed here); use the AWS credential chain " +
                          "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or a role)");
        }
        var region = authority;
        if (!IsRegion(region)) throw Problem($"'{region}' is not an AWS region name such as 'us-east-1' (expected {Scheme}://REGION/TABLE)");
        var table = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
        if (!IsTableName(table))
        {
            throw Problem($"table name '{table}' is invalid: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.' (expected {Scheme}://REGION/TABLE)");
        }

        Uri? endpoint = null;
        int? pageSize = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (name)
            {
                case "endpoint":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        throw Problem("'endpoint' must be an absolute http(s) URL such as http://127.0.0.1:8000");
                    }
                    if (uri.UserInfo.Length > 0) throw Problem("'endpoint' must not contain user info (it was not echoed here)");
                    endpoint = uri;
                    break;
                case "page_size":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 10_000)
                    {
                        throw Problem($"'page_size' must be a whole number from 1 to 10000; got '{value}'");
                    }
                    pageSize = size;
                    break;
                default:
                    throw Problem($"unknown parameter '{name}'; known: endpoint, page_size");
            }
        }
        return new DynamoStorageOptions { Region = region, TableName = table, Endpoint = endpoint, QueryPageSize = pageSize };
    }

    private static bool IsRegion(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && value.Contains('-', StringComparison.Ordinal);

    private static bool IsTableName(string value) =>
        value.Length is >= 3 and <= 255 && value.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.');

    private static StorageConfigurationException Problem(string what) => new($"DynamoDB DSN: {what}.");
}
