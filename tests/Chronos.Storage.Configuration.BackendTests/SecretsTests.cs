using Amazon.Runtime;
using Chronos.Storage.Conformance;
using Chronos.Storage.Dynamo;
using Chronos.Storage.Mongo;
using Chronos.Storage.Postgres;
using Chronos.Storage.Redis;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// The issue's secrets class: every DSN form with a password, right and wrong, opened through chronos.yaml with every
/// log line captured; the password (whole, URL-encoded, or any piece of it between ',' and '=') must appear in no
/// exception message, no inner exception, no <c>ToString()</c> of the error or of the options, and no log line.
/// Redis runs on a password-protected redis-server of the test's own; PostgreSQL is the shared server with a wrong password.
/// </summary>
public sealed class SecretsTests
{
    // Commas and '=' inside the passwords: the forms where masking used to stop half-way.
    private const string RedisPassword = "Kq7Rp1,Zx8=Qw9Lm";
    private const string RedisUser = "agentuser";
    private const string RedisUserPassword = "Uv4Ty,Hn5=Jm6";
    private const string WrongPassword = "Wr0ngPw,Xy7=Zz9";

    [Theory]
    [InlineData("comma")]
    [InlineData("url")]
    [InlineData("acl-url")]
    public async Task Redis_right_password_opens_and_never_prints_it(string form)
    {
        using var server = await PasswordRedisServer.StartAsync(RedisPassword, RedisUser, RedisUserPassword);
        var (dsn, secret) = RedisDsnOf(form, server, right: true);
        var logs = new CapturingLoggerFactory();
        var config = Config("redis-agent", "redis", dsn, logs);
        await using (var storage = await config.OpenStorageAsync("redis-agent"))
        {
            await ShortWorkload.RunAsync(storage, "redis-agent");
            var redis = Assert.IsType<RedisStorage>(storage);
            AssertNoSecret(redis.Options.ToString(), secret);
            AssertNoSecret(redis.Options.Configuration.ToString(), secret);
            AssertNoSecret(storage.ToString()!, secret);
        }
        AssertNoSecret(config.GetStorageSettings("redis-agent").ToString(), secret);
        AssertLogsClean(logs, secret);
    }

    [Theory]
    [InlineData("comma")]
    [InlineData("url")]
    [InlineData("acl-url")]
    public async Task Redis_wrong_password_is_a_configuration_error_naming_backend_and_agent(string form)
    {
        using var server = await PasswordRedisServer.StartAsync(RedisPassword, RedisUser, RedisUserPassword);
        var (dsn, secret) = RedisDsnOf(form, server, right: false);
        var logs = new CapturingLoggerFactory();
        var config = Config("redis-agent", "redis", dsn, logs);
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenStorageAsync("redis-agent"));
        Assert.Contains("redis", error.Message);
        Assert.Contains("'redis-agent'", error.Message);
        Assert.Contains("chronos.yaml:", error.Message);
        AssertExceptionClean(error, secret);
        AssertNoSecret(error.ToString(), RedisPassword);
        AssertLogsClean(logs, secret);
    }

    [ServerTheory(TestServers.Postgres)]
    [InlineData("Host={0};Port={1};Username=chronos;Password=Wr0ngPg9Qzx;Database=chronos", "Wr0ngPg9Qzx")]
    [InlineData("postgres://chronos:Wr0ng%2CPg8%3DQzx7@{0}:{1}/chronos", "Wr0ng,Pg8=Qzx7")]
    public async Task Postgres_wrong_password_is_a_configuration_error_naming_backend_and_agent(string template, string secret)
    {
        var shared = new Npgsql.NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres));
        var dsn = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, shared.Host, shared.Port);
        var logs = new CapturingLoggerFactory();
        var config = Config("pg-agent", "postgres", dsn, logs);
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenStorageAsync("pg-agent"));
        Assert.Contains("postgres", error.Message);
        Assert.Contains("'pg-agent'", error.Message);
        Assert.Contains("chronos.yaml:", error.Message);
        AssertExceptionClean(error, secret);
        AssertLogsClean(logs, secret);
    }

    [ServerFact(TestServers.Mongo)]
    public async Task Mongo_password_in_url_never_prints()
    {
        const string secret = "MgS3cret,Pw8=Xq";
        var shared = new MongoDB.Driver.MongoUrl(TestServers.Get(TestServers.Mongo));
        var dsn = $"mongodb://chronosuser:{Uri.EscapeDataString(secret)}@{shared.Server}/{TestServerScratch.UniqueName("sec")}?directConnection=true&serverSelectionTimeoutMS=3000&connectTimeoutMS=3000";
        var logs = new CapturingLoggerFactory();
        var config = Config("mongo-agent", "mongo", dsn, logs);
        try
        {
            // The test server may or may not check credentials: either outcome is fine, as long as nothing prints them.
            await using var storage = await config.OpenStorageAsync("mongo-agent");
            var mongo = Assert.IsType<MongoStorage>(storage);
            AssertNoSecret(mongo.Dsn.Redacted, secret);
            AssertNoSecret(mongo.Dsn.ToString()!, secret);
        }
        catch (StorageException error)
        {
            AssertExceptionClean(error, secret);
        }
        AssertNoSecret(new MongoStorageOptions(dsn).ToString(), secret);
        AssertLogsClean(logs, secret);
    }

    [Fact]
    public async Task Dynamo_endpoint_credentials_and_options_never_print()
    {
        const string secret = "DynS3cret9Key";
        var logs = new CapturingLoggerFactory();
        var config = Config("dynamo-agent", "dynamo", $"dynamodb://us-east-1/t1?endpoint=http://keyid:{secret}@127.0.0.1:1", logs);
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenStorageAsync("dynamo-agent"));
        Assert.Contains("'dynamo-agent'", error.Message);
        AssertExceptionClean(error, secret);
        AssertLogsClean(logs, secret);
        var options = new DynamoStorageOptions { Region = "us-east-1", TableName = "t", Credentials = new BasicAWSCredentials("AKIDCHRONOS", secret) };
        AssertNoSecret(options.ToString(), secret);
    }

    [Fact]
    public void Options_objects_never_print_the_password()
    {
        AssertNoSecret(new PostgresStorageOptions { Dsn = "Host=h;Username=u;Password=PgOpt1Secret" }.ToString(), "PgOpt1Secret");
        AssertNoSecret(new PostgresStorageOptions { Dsn = "postgres://u:PgOpt2Secret@h/db" }.ToString(), "PgOpt2Secret");
        AssertNoSecret(PostgresDsn.Parse("postgres://u:PgOpt3Secret@h/db").ToString(), "PgOpt3Secret");
        AssertNoSecret(new MongoStorageOptions("mongodb://u:MgOpt1Secret@h/db").ToString(), "MgOpt1Secret");
        foreach (var dsn in new[] { $"h:6379,password={RedisPassword},defaultDatabase=1", $"redis://:{Uri.EscapeDataString(RedisPassword)}@h:6379/1" })
        {
            var options = RedisStorageOptions.FromDsn(dsn);
            Assert.Equal(RedisPassword, options.Password);
            AssertNoSecret(options.ToString(), RedisPassword);
            AssertNoSecret(options.Configuration.ToString(), RedisPassword);
            Assert.Equal(1, options.Database);
        }
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("backend")]
    public void Yaml_errors_mask_a_dsn_written_under_the_wrong_key(string key)
    {
        const string secret = "YmlS3cret,Q=9";
        var yaml = $"defaults:\n  storage:\n    backend: sqlite\n    dsn: x.db\n    {key}: \"postgres://app:{secret}@db/chronos\"\n";
        var error = Assert.Throws<StorageConfigurationException>(() => ChronosConfig.Parse(yaml, "chronos.yaml"));
        Assert.Contains("chronos.yaml:5:", error.Message);
        AssertExceptionClean(error, secret);
        var keyword = $"defaults:\n  storage:\n    backend: sqlite\n    dsn: x.db\n    {key}: \"Host=db;Password={secret};Database=x\"\n";
        AssertExceptionClean(Assert.Throws<StorageConfigurationException>(() => ChronosConfig.Parse(keyword, "chronos.yaml")), secret);
    }

    private static (string Dsn, string Secret) RedisDsnOf(string form, PasswordRedisServer server, bool right) => form switch
    {
        "comma" => ($"{server.Endpoint},password={(right ? RedisPassword : WrongPassword)},connectTimeout=20000", right ? RedisPassword : WrongPassword),
        "url" => ($"redis://:{Uri.EscapeDataString(right ? RedisPassword : WrongPassword)}@{server.Endpoint}/0", right ? RedisPassword : WrongPassword),
        _ => ($"redis://{RedisUser}:{Uri.EscapeDataString(right ? RedisUserPassword : WrongPassword)}@{server.Endpoint}/0", right ? RedisUserPassword : WrongPassword),
    };

    private static ChronosConfig Config(string agentId, string backend, string dsn, CapturingLoggerFactory logs)
    {
        TestServerScratch.EnsureAwsCredentialVariables();
        var yaml = $"defaults:\n  storage:\n    backend: sqlite\n    dsn: unused.db\nagents:\n  - id: {agentId}\n    storage:\n      backend: {backend}\n      dsn: \"{dsn}\"\n";
        return ChronosConfig.Parse(yaml, "chronos.yaml", new ChronosConfigOptions { LoggerFactory = logs });
    }

    private static void AssertExceptionClean(Exception error, string secret)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            AssertNoSecret(e.Message, secret);
        }
        AssertNoSecret(error.ToString(), secret);
    }

    private static void AssertLogsClean(CapturingLoggerFactory logs, string secret)
    {
        Assert.NotEmpty(logs.Lines);
        foreach (var line in logs.Lines) AssertNoSecret(line, secret);
    }

    /// <summary>No trace of <paramref name="secret"/>: whole, URL-encoded, or any piece of 3+ characters between ',' and '='.</summary>
    private static void AssertNoSecret(string text, string secret)
    {
        var pieces = secret.Split([',', '='], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 3)
            .Append(secret).Append(Uri.EscapeDataString(secret));
        foreach (var piece in pieces)
        {
            Assert.False(text.Contains(piece, StringComparison.Ordinal), $"'{piece}' (from the password) appears in: {text}");
        }
    }
}
