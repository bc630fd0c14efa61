namespace Chronos.Storage.Conformance;

/// <summary>
/// Put on an adapter's conformance class (the one inheriting <see cref="StorageConformanceTests"/>) whose backend is a
/// server: every inherited conformance test is then skipped or required exactly like a
/// <see cref="ServerFactAttribute"/> test on <see cref="Variable"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RequiresTestServerAttribute : Attribute
{
    /// <summary>Declares the server variable, e.g. <see cref="TestServers.Postgres"/>.</summary>
    public RequiresTestServerAttribute(string variable) => Variable = variable;

    /// <summary>The environment variable holding the server's address.</summary>
    public string Variable { get; }
}
