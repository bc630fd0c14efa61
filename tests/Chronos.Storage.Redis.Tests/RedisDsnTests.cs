namespace Chronos.Storage.Redis.Tests;

public sealed class RedisDsnTests
{
    [Fact]
    public void SeedHostPortWithPasswordAndDatabase()
    {
        var options = RedisDsn.Parse("cache.local:6380", "s3cret", 4);
        Assert.Equal("cache.local:6380", options.Configuration.EndPoints.Single().ToString()!.Replace("Unspecified/", ""));
        Assert.Equal("s3cret", options.Password);
        Assert.Equal(4, options.Database);
        Assert.Equal("", options.KeyPrefix);
    }

    [Fact]
    public void BareHostPort()
    {
        var options = RedisDsn.Parse("localhost:6379");
        Assert.Equal(0, options.Database);
        Assert.Null(options.Password);
    }

    [Fact]
    public void RedisUriWithPasswordDatabaseAndPrefix()
    {
        var options = RedisDsn.Parse("redis://:p%40ss@10.0.0.5:7000/3?prefix=app1:");
        Assert.Equal("p@ss", options.Password);
        Assert.Equal(3, options.Database);
        Assert.Equal("app1:", options.KeyPrefix);
        Assert.Contains("10.0.0.5:7000", options.Configuration.EndPoints.Single().ToString());
        Assert.False(options.Configuration.Ssl);
    }

    [Fact]
    public void RedissUriWithUserUsesTls()
    {
        var options = RedisDsn.Parse("rediss://alice:pw@host/0");
        Assert.True(options.Configuration.Ssl);
        Assert.Equal("alice", options.Configuration.User);
        Assert.Contains("host:6379", options.Configuration.EndPoints.Single().ToString());
    }

    [Fact]
    public void StackExchangeConfigurationStringWithPrefix()
    {
        var options = RedisDsn.Parse("h1:6379,password=pw,defaultDatabase=2,prefix=tenant:");
        Assert.Equal("pw", options.Password);
        Assert.Equal(2, options.Database);
        Assert.Equal("tenant:", options.KeyPrefix);
    }

    [Fact]
    public void ExplicitPrefixOverridesTheDsns()
    {
        Assert.Equal("x:", RedisDsn.Parse("redis://h:1/0?prefix=a:", "x:").KeyPrefix);
    }

    [Theory]
    [InlineData("redis://:topsecret@h:notaport/0")]
    [InlineData("redis://:topsecret@h:6379/abc")]
    [InlineData("redis://:topsecret@h:6379/0?colour=red")]
    [InlineData("redis://:topsecret@/0")]
    public void MalformedUriErrorsNeverContainThePassword(string dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse(dsn));
        Assert.DoesNotContain("topsecret", error.Message);
        Assert.StartsWith("redis:", error.Message);
    }

    [Fact]
    public void MalformedConfigurationStringErrorNeverContainsThePassword()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse("h:6379,password=topsecret,connectTimeout=soon"));
        Assert.DoesNotContain("topsecret", error.Message);
        Assert.DoesNotContain("soon", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyDsnIsRejected(string dsn) => Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse(dsn));

    [Fact]
    public void PrefixWithHashTagBracesIsRejected()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse("h:1", "a{b}:"));
        Assert.Contains("'{'", error.Message);
    }

    [Fact]
    public void NegativeDatabaseIsRejected() => Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse("h:1", null, -1));

    [Fact]
    public void ConfigurationStringPasswordMayHoldCommasAndEquals()
    {
        var options = RedisDsn.Parse("h:1,abortConnect=false,password=a,b=c,d,defaultDatabase=2,prefix=app:");
        Assert.Equal("a,b=c,d", options.Password);
        Assert.Null(options.Configuration.Password);
        Assert.Equal(2, options.Database);
        Assert.Equal("app:", options.KeyPrefix);
        Assert.Single(options.Configuration.EndPoints);
        Assert.Equal("a,b=c,d", options.ConnectionConfiguration().Password);
        Assert.DoesNotContain("b=c", options.ToString());
    }

    [Fact]
    public void DatabaseBeyondIntIsRejectedNamingThePath() =>
        Assert.Contains("the path after the host", Assert.Throws<StorageConfigurationException>(() => RedisDsn.Parse("redis://h:1/99999999999")).Message);
}
