using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Registry;

/// <summary>Which registry a declaration goes to.</summary>
internal enum BackendKind
{
    Storage,
    Vector,
}

/// <summary>
/// One <c>[assembly: StorageBackend&lt;TFactory&gt;(...)]</c> or <c>VectorBackend</c> attribute, as plain data (no
/// symbols) so that the pipeline can compare it between compilations.
/// </summary>
/// <param name="Kind">Storage or vector.</param>
/// <param name="Name">The value of <c>backend:</c>.</param>
/// <param name="Package">The package named in errors (the attribute's Package, or the declaring assembly's name).</param>
/// <param name="FactoryType">The factory type, fully qualified with <c>global::</c>.</param>
/// <param name="Options">The accepted option keys.</param>
/// <param name="DsnOptional">Whether the backend opens without a DSN.</param>
internal sealed record BackendDeclaration(
    BackendKind Kind,
    string Name,
    string Package,
    string FactoryType,
    EquatableArray<string> Options,
    bool DsnOptional);
