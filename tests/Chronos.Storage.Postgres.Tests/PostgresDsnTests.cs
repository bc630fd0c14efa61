using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

public sealed class PostgresDsnTests
{
    [Theory]
    [InlineData("postgres://user:pass@db.example:6543/chronos?sslmode=require")]
    [InlineData("postgresql://user:pass@db.example:6543/chronos?sslmode=require")]
    public void UrlFormGivesEveryPart(string url)
    {
        var dsn = PostgresDsn.Parse(url);

        Assert.Equal("db.example", dsn.Builder.Host);
        Assert.Equal(6543, dsn.Builder.Port);
        Assert.Equal("user", dsn.Builder.Username);
        Assert.Equal("pass", dsn.Builder.Password);
        Assert.Equal("chronos", dsn.Builder.Database);
        Assert.Equal(SslMode.Require, dsn.Builder.SslMode);
        Assert.DoesNotContain("pass", dsn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UrlDefaultsPortAndDecodesEscapes()
    {
        var dsn = PostgresDsn.Parse("postgres://us%40er:p%3Ass%2Fw@localhost/my%20db?sslmode=disable&application_name=agent");

        Assert.Equal(5432, dsn.Builder.Port);
        Assert.Equal("us@er", dsn.Builder.Username);
        Assert.Equal("p:ss/w", dsn.Builder.Password);
        Assert.Equal("my db", dsn.Builder.Database);
        Assert.Equal(SslMode.Disable, dsn.Builder.SslMode);
        Assert.Equal("agent", dsn.Builder.ApplicationName);
    }

    [Fact]
    public void KeywordFormIsAccepted()
    {
        var dsn = PostgresDsn.Parse("Host=127.0.0.1;Port=55432;Username=chronos;Password=secret;Database=chronos");

        Assert.Equal("127.0.0.1", dsn.Builder.Host);
        Assert.Equal(55432, dsn.Builder.Port);
        Assert.Equal("secret", dsn.Builder.Password);
    }

    [Theory]
    [InlineData("postgres://user:S3cr3tPw@host:notaport/db")]
    [InlineData("postgres://user:S3cr3tPw@host:5432/db?sslmode=sometimes")]
    [InlineData("postgres://user:S3cr3tPw@host:5432/db?password_hint=x")]
    [InlineData("postgres://user:S3cr3tPw@host:5432/a/b")]
    [InlineData("Host=h;Password=S3cr3tPw;Port=notaport")]
    [InlineData("Host=h;Password=S3cr3tPw;NoSuchKeyword=1")]
    public void MalformedDsnIsAConfigurationErrorWithoutThePassword(string dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => PostgresDsn.Parse(dsn));

        Assert.DoesNotContain("S3cr3tPw", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3tPw", error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("postgres:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void EmptyDsnIsAConfigurationError(string? dsn)
    {
        Assert.Throws<StorageConfigurationException>(() => PostgresDsn.Parse(dsn));
    }

    [Fact]
    public void UnknownSslModeNamesTheValue()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => PostgresDsn.Parse("postgres://u:p@h/db?sslmode=sometimes"));

        Assert.Contains("sometimes", error.Message, StringComparison.Ordinal);
    }
}
