using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration.Tests;

public sealed class DsnRedactorTests
{
    [Theory]
    [InlineData("postgres://app:hunter2@db:5432/chronos?sslmode=require", "postgres://app:***@db:5432/chronos?sslmode=require")]
    [InlineData("postgres://app:p@ss@db/chronos", "postgres://app:***@db/chronos")]
    [InlineData("redis://:hunter2@cache:6379/0", "redis://:***@cache:6379/0")]
    [InlineData("mongodb://u:hunter2@h1,h2/db?authSource=admin", "mongodb://u:***@h1,h2/db?authSource=admin")]
    [InlineData("Host=db;Username=app;Password=hunter2;Database=chronos", "Host=db;Username=app;Password=***;Database=chronos")]
    [InlineData("Host=db; SSL Password='a;b'; Pwd=hunter2", "Host=db; SSL Password=***; Pwd=***")]
    [InlineData("Server=db;Password=\"x;\"\"y\";Port=1", "Server=db;Password=***;Port=1")]
    [InlineData("cache:6379,password=hunter2,ssl=true", "cache:6379,password=***,ssl=true")]
    [InlineData("https://vec.example/?api_key=hunter2&collection=x", "https://vec.example/?api_key=***&collection=x")]
    [InlineData("region=us-east-1;access_key=AKIA;secret_key=hunter2", "region=us-east-1;access_key=***;secret_key=***")]
    [InlineData("cache:6379,password=a,b=c,ssl=true", "cache:6379,password=***,ssl=true")]
    [InlineData("h:1,password=p=q,r,defaultDatabase=2,prefix=x:", "h:1,password=***,defaultDatabase=2,prefix=x:")]
    [InlineData("h:1,user=u,password=tail,end", "h:1,user=u,password=***")]
    [InlineData("Host=db;Password=ab,cd;Database=x", "Host=db;Password=***;Database=x")]
    [InlineData("chronos.db", "chronos.db")]
    [InlineData("Data Source=chronos.db;Cache=Shared", "Data Source=chronos.db;Cache=Shared")]
    public void Redacts_url_and_keyword_secrets(string dsn, string expected) =>
        Assert.Equal(expected, DsnRedactor.Redact(dsn));

    [Fact]
    public void Scrub_removes_raw_and_decoded_secrets_from_driver_text()
    {
        const string dsn = "postgres://app:p%40ssw0rd@db/chronos";
        var text = $"could not connect to {dsn} as app with password p@ssw0rd";
        var scrubbed = DsnRedactor.Scrub(text, dsn);
        Assert.DoesNotContain("ssw0rd", scrubbed);
        Assert.Contains("postgres://app:***@db/chronos", scrubbed);
    }

    [Fact]
    public void Settings_to_string_is_redacted()
    {
        var config = TestConfig.Parse("defaults:\n  storage:\n    backend: postgres\n    dsn: Host=db;Password=hunter2\n");
        Assert.Equal("postgres Host=db;Password=*** (chronos.yaml:3:5 (defaults.storage))", config.DefaultStorage!.ToString());
    }

    [Fact]
    public void Comma_items_keep_a_password_with_commas_and_equals_in_one_item() =>
        Assert.Equal(["h:1", "abortConnect=false", "password=p,q=r,s", "defaultDatabase=2"],
            DsnRedactor.SplitCommaItems("h:1,abortConnect=false,password=p,q=r,s,defaultDatabase=2"));

    [Fact]
    public void Quote_masks_a_dsn_and_keeps_other_values() =>
        Assert.Equal(["'postgres://u:***@h/db'", "'yes'", "''"],
            new[] { DsnRedactor.Quote("postgres://u:pw@h/db"), DsnRedactor.Quote("yes"), DsnRedactor.Quote("") });
}
