namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// Every test here shares the one static <c>Chronos.Storage</c> ActivitySource and Meter; running them one at a time
/// keeps each test's exporter free of the others' spans and measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "observability";
}
