using MySqlConnector;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

public sealed class MySqlDsnTests
{
    [Theory]
    [InlineData("mysql://user:pass@db.example:3307/chronos?ssl-mode=required")]
    [InlineData("mariadb://user:pass@db.example:3307/chronos?sslmode=required")]
    public void UrlFormGivesEveryPart(string url)
    {
        var dsn = MySqlDsn.Parse(url);

        Assert.Equal("db.example", dsn.Builder.Server);
        Assert.Equal(3307u, dsn.Builder.Port);
        Assert.Equal("user", dsn.Builder.UserID);
        Assert.Equal("pass", dsn.Builder.Password);
        Assert.Equal("chronos", dsn.Builder.Database);
        Assert.Equal(MySqlSslMode.Required, dsn.Builder.SslMode);
        Assert.DoesNotContain("pass", dsn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UrlDefaultsPortAndDecodesEscapes()
    {
        var dsn = MySqlDsn.Parse("mysql://us%40er:p%3Ass%2Fw@localhost/my%20db?connect_timeout=7");

        Assert.Equal(3306u, dsn.Builder.Port);
        Assert.Equal("us@er", dsn.Builder.UserID);
        Assert.Equal("p:ss/w", dsn.Builder.Password);
        Assert.Equal("my db", dsn.Builder.Database);
        Assert.Equal(7u, dsn.Builder.ConnectionTimeout);
    }

    [Fact]
    public void KeywordFormIsAccepted()
    {
        var dsn = MySqlDsn.Parse("Server=127.0.0.1;Port=53306;User ID=chronos;Password=secret;Database=chronos");

        Assert.Equal("127.0.0.1", dsn.Builder.Server);
        Assert.Equal(53306u, dsn.Builder.Port);
        Assert.Equal("secret", dsn.Builder.Password);
    }

    [Theory]
    [InlineData("mysql://user:S3cr3tPw@host:notaport/db")]
    [InlineData("mysql://user:S3cr3tPw@host:3306/db?ssl-mode=sometimes")]
    [InlineData("mysql://user:S3cr3tPw@host:3306/db?password_hint=x")]
    [InlineData("mysql://user:S3cr3tPw@host:3306/a/b")]
    [InlineData("mysql://user:S3cr3tPw@host:3306/")]
    [InlineData("Server=h;Password=S3cr3tPw;Port=notaport;Database=d")]
    [InlineData("Server=h;Password=S3cr3tPw;NoSuchKeyword=1;Database=d")]
    public void MalformedDsnIsAConfigurationErrorWithoutThePassword(string dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => MySqlDsn.Parse(dsn));

        Assert.DoesNotContain("S3cr3tPw", error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("mysql:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void EmptyDsnIsAConfigurationError(string? dsn)
    {
        Assert.Throws<StorageConfigurationException>(() => MySqlDsn.Parse(dsn));
    }
}
