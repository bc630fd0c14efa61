using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

public sealed class DynamoDsnTests
{
    [Fact]
    public void ParsesRegionTableEndpointAndPageSize()
    {
        var plain = DynamoDsn.Parse("dynamodb://us-east-1/chronos-table");
        var local = DynamoDsn.Parse("dynamodb://eu-west-3/my.table_1?endpoint=http%3A%2F%2F127.0.0.1%3A58000&page_size=25");

        Assert.Equal(("us-east-1", "chronos-table", null, null), (plain.Region, plain.TableName, plain.Endpoint, plain.QueryPageSize));
        Assert.Equal(("eu-west-3", "my.table_1", new Uri("http://127.0.0.1:58000"), 25), (local.Region, local.TableName, local.Endpoint, local.QueryPageSize));
        Assert.Equal(new Uri("http://localhost:8000"), DynamoDsn.Parse("dynamodb://us-east-1/tbl?endpoint=http://localhost:8000").Endpoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("redis://us-east-1/t", "scheme")]
    [InlineData("dynamodb://us-east-1", "table name")]
    [InlineData("dynamodb://us-east-1/ab", "table name")]
    [InlineData("dynamodb://us-east-1/bad table", "table name")]
    [InlineData("dynamodb://US_EAST/t123", "region")]
    [InlineData("dynamodb://us-east-1/t123?endpoint=ftp://x", "endpoint")]
    [InlineData("dynamodb://us-east-1/t123?page_size=0", "page_size")]
    [InlineData("dynamodb://us-east-1/t123?colour=blue", "unknown parameter 'colour'")]
    public void MalformedDsnsSayWhatIsWrong(string dsn, string expected)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => DynamoDsn.Parse(dsn));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamodb://AKIAEXAMPLE:S3cr3tValue@us-east-1/table")]
    [InlineData("dynamodb://us-east-1/table?endpoint=http://AKIAEXAMPLE:S3cr3tValue@localhost:8000")]
    public void SecretsInTheDsnAreRefusedWithoutBeingEchoed(string dsn)
    {
        var error = Assert.Throws<StorageConfigurationException>(() => DynamoDsn.Parse(dsn));

        Assert.DoesNotContain("S3cr3tValue", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", error.Message, StringComparison.Ordinal);
    }
}
