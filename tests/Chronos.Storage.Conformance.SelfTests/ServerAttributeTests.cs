using Xunit;

namespace Chronos.Storage.Conformance.SelfTests;

/// <summary>The skip-or-require rule of server tests, on a variable no machine sets.</summary>
public sealed class ServerAttributeTests
{
    private const string Unset = "CHRONOS_TEST_SELFTEST_NEVER_SET";

    [Fact]
    public void AMissingServerVariableSkipsWithTheReasonUnlessServersAreRequired()
    {
        var reason = TestServers.SkipReason(Unset);

        if (TestServers.AreRequired)
        {
            Assert.Null(reason);
            Assert.Null(new ServerFactAttribute(Unset).Skip);
        }
        else
        {
            Assert.Equal($"set {Unset} to run (tools/test.sh does)", reason);
            Assert.Equal(reason, new ServerFactAttribute(Unset).Skip);
            Assert.Equal(reason, new ServerTheoryAttribute(Unset).Skip);
        }
    }

    [Fact]
    public void GettingAMissingServerVariableSaysHowToFixIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestServers.Get(Unset));

        Assert.Contains(Unset, error.Message);
        Assert.Contains(TestServers.RequireVariable, error.Message);
    }

    [Fact]
    public void ASetServerVariableRuns()
    {
        Assert.Null(TestServers.SkipReason("PATH"));
        Assert.Null(new ServerFactAttribute("PATH").Skip);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), TestServers.Get("PATH"));
    }
}
