namespace Chronos.Storage.Configuration.Tests;

/// <summary>The <c>compression:</c> key (issue 17 §3): per agent, over the defaults, with file:line:column errors.</summary>
public sealed class CompressionConfigurationTests
{
    private const string Storage = "  storage: {backend: sqlite, dsn: a.db}\n";

    [Fact]
    public void Zstd_shorthand_in_the_defaults_applies_to_every_agent_and_an_agent_can_switch_it_off()
    {
        var config = TestConfig.Parse("defaults:\n" + Storage + "  compression: zstd\nagents:\n  - id: a\n  - id: b\n    compression: none\n");

        Assert.Equal(JsonCompression.Zstd(), config.GetCompression("a"));
        Assert.Null(config.GetCompression("b"));
        Assert.Equal(JsonCompression.Zstd(), config.GetCompression("not-listed"));
    }

    [Fact]
    public void Mapping_sets_threshold_and_level_and_replaces_the_defaults_whole()
    {
        var config = TestConfig.Parse("defaults:\n" + Storage +
            "  compression: {codec: zstd, level: 9}\nagents:\n  - id: a\n    compression: {codec: zstd, min_bytes: 65536}\n");

        Assert.Equal(JsonCompression.Zstd(minBytes: 65_536, level: 3), config.GetCompression("a"));
        Assert.Equal(JsonCompression.Zstd(level: 9), config.DefaultCompression);
    }

    [Fact]
    public void Without_the_key_nothing_is_compressed()
    {
        Assert.Null(TestConfig.Parse("defaults:\n" + Storage + "agents:\n  - id: a\n").GetCompression("a"));
    }

    [Fact]
    public void Errors_name_file_line_column_and_the_nearest_name()
    {
        Assert.Equal(
            "chronos.yaml:3:16: defaults.compression: unknown compression codec 'zstandard'. Valid codecs: zstd, none.",
            TestConfig.Error("defaults:\n" + Storage + "  compression: zstandard\n"));
        Assert.Equal(
            "chronos.yaml:3:16: defaults.compression: unknown compression codec 'zstf'. Did you mean 'zstd'? Valid codecs: zstd, none.",
            TestConfig.Error("defaults:\n" + Storage + "  compression: zstf\n"));
        Assert.Equal(
            "chronos.yaml:3:30: defaults.compression.min_byte: unknown key 'min_byte'. Did you mean 'min_bytes'? Valid keys here: codec, min_bytes, level.",
            TestConfig.Error("defaults:\n" + Storage + "  compression: {codec: zstd, min_byte: 10}\n"));
        Assert.Equal(
            "chronos.yaml:3:37: defaults.compression.level: expected a whole number from 1 to 22, found '30'.",
            TestConfig.Error("defaults:\n" + Storage + "  compression: {codec: zstd, level: 30}\n"));
        Assert.Equal(
            "chronos.yaml:5:5: agents[0].compresion: unknown key 'compresion'. Did you mean 'compression'? Valid keys here: id, storage, vector, retention, compression.",
            TestConfig.Error("defaults:\n" + Storage + "agents:\n  - id: a\n    compresion: zstd\n"));
    }
}
