using Microsoft.CodeAnalysis;

namespace Chronos.Storage.Generators.Registry;

/// <summary>
/// Emits the application's backend table: in every compilation that references Chronos.Storage, a module initializer
/// registers each backend declared by <c>[assembly: StorageBackend&lt;TFactory&gt;]</c> or
/// <c>[assembly: VectorBackend&lt;TFactory&gt;]</c> on the compilation's own assembly or a referenced one.
/// </summary>
/// <remarks>
/// Assembly attributes of references are only reachable from the <see cref="Compilation"/>, so the first step runs
/// on every compilation change; it is cheap (assemblies that do not depend on Chronos.Storage are skipped) and reduces
/// to an equatable <see cref="BackendTable"/> at once, so the output step only re-runs when the table changes.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class BackendTableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that produces the <see cref="BackendTable"/> (for caching tests).</summary>
    public const string TableStep = "ChronosBackendTable";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var table = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => BackendTableParser.Parse(compilation, cancellationToken))
            .WithTrackingName(TableStep);

        context.RegisterSourceOutput(table, static (output, backends) =>
        {
            if (backends is null || (backends.Backends.Length == 0 && backends.Skipped.Length == 0)) return;
            output.AddSource(BackendTableEmitter.HintName, BackendTableEmitter.Emit(backends));
        });
    }
}
