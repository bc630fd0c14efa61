using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Registry;

/// <summary>
/// Every backend the application's compilation can see, in a deterministic order (kind, name, package). Value
/// equality lets the incremental pipeline skip emitting when an edit does not change the table.
/// </summary>
/// <param name="Backends">The backends to register.</param>
/// <param name="Skipped">Declarations that cannot be registered from this compilation (factory not accessible), described.</param>
internal sealed record BackendTable(EquatableArray<BackendDeclaration> Backends, EquatableArray<string> Skipped);
