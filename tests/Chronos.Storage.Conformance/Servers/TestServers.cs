namespace Chronos.Storage.Conformance;

/// <summary>
/// How tests find the real servers: one environment variable per server (set by tools/test.sh, which starts them).
/// Without the variable a developer's plain <c>dotnet test</c> skips the test with a reason; with
/// <c>CHRONOS_REQUIRE_SERVERS=1</c> (tools/test.sh, CI) a missing variable fails the test instead, so a run that
/// could not start a server can never pass by skipping.
/// </summary>
public static class TestServers
{
    /// <summary>Set to <c>1</c> to turn "server variable missing" from a skip into a failure.</summary>
    public const string RequireVariable = "CHRONOS_REQUIRE_SERVERS";

    /// <summary>PostgreSQL 15 connection string (Npgsql keyword form).</summary>
    public const string Postgres = "CHRONOS_TEST_POSTGRES";

    /// <summary>Redis endpoint, <c>host:port</c>.</summary>
    public const string Redis = "CHRONOS_TEST_REDIS";

    /// <summary>A Redis Cluster's primaries as a StackExchange.Redis configuration string (<c>host:port,host:port,...</c>).</summary>
    public const string RedisCluster = "CHRONOS_TEST_REDIS_CLUSTER";

    /// <summary>DynamoDB Local service URL.</summary>
    public const string Dynamo = "CHRONOS_TEST_DYNAMO";

    /// <summary>MongoDB-wire connection string.</summary>
    public const string Mongo = "CHRONOS_TEST_MONGO";

    /// <summary>MariaDB/MySQL DSN (<c>mysql://user:pass@host:port/db</c>).</summary>
    public const string MySql = "CHRONOS_TEST_MYSQL";

    /// <summary>True when the run must not skip server tests.</summary>
    public static bool AreRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The variable's value, or null when unset or blank.</summary>
    public static string? Find(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// Why a test needing <paramref name="variable"/> is skipped, or null when it must run (the variable is set, or
    /// servers are required and the test will fail on <see cref="Get"/>).
    /// </summary>
    public static string? SkipReason(string variable) =>
        Find(variable) is null && !AreRequired ? $"set {variable} to run (tools/test.sh does)" : null;

    /// <summary>The variable's value.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set; the message says how to fix it.</exception>
    public static string Get(string variable) =>
        Find(variable) ?? throw new InvalidOperationException(
            $"{variable} is not set, but {RequireVariable}=1 says server tests must run. Start the servers " +
            $"(bash tools/test.sh does; or: source tools/test-servers/test-servers.sh; servers_start) or unset {RequireVariable} to skip them.");
}
