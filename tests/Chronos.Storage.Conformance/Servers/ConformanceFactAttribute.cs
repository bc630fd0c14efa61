using Xunit;
using Xunit.Sdk;

namespace Chronos.Storage.Conformance;

/// <summary>
/// A conformance fact. Discovered per concrete test class, so that a class marked
/// <see cref="RequiresTestServerAttribute"/> skips (or, when servers are required, runs and fails) every inherited test.
/// </summary>
[XunitTestCaseDiscoverer("Chronos.Storage.Conformance.ConformanceFactDiscoverer", "Chronos.Storage.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute;

/// <summary>The <see cref="ConformanceFactAttribute"/> of data-driven tests.</summary>
[XunitTestCaseDiscoverer("Chronos.Storage.Conformance.ConformanceTheoryDiscoverer", "Chronos.Storage.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute;
