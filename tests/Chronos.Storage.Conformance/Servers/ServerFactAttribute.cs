using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// A fact that needs a real server named by an environment variable: skipped with a reason when the variable is
/// unset, unless <see cref="TestServers.RequireVariable"/> is 1 (then it runs and fails on <see cref="TestServers.Get"/>).
/// </summary>
public sealed class ServerFactAttribute : FactAttribute
{
    /// <summary>Marks a test that needs the server in <paramref name="variable"/>, e.g. <see cref="TestServers.Postgres"/>.</summary>
    public ServerFactAttribute(string variable)
    {
        Variable = variable;
        Skip = TestServers.SkipReason(variable)!;
    }

    /// <summary>The environment variable holding the server's address.</summary>
    public string Variable { get; }
}

/// <summary>The <see cref="ServerFactAttribute"/> of data-driven tests.</summary>
public sealed class ServerTheoryAttribute : TheoryAttribute
{
    /// <summary>Marks a theory that needs the server in <paramref name="variable"/>.</summary>
    public ServerTheoryAttribute(string variable)
    {
        Variable = variable;
        Skip = TestServers.SkipReason(variable)!;
    }

    /// <summary>The environment variable holding the server's address.</summary>
    public string Variable { get; }
}
