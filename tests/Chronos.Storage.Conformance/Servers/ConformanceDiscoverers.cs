using Xunit.Abstractions;
using Xunit.Sdk;

namespace Chronos.Storage.Conformance;

/// <summary>Discovers <see cref="ConformanceFactAttribute"/> tests, skipping them when the class's server is absent.</summary>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ServerSkip.For(testMethod) is { } reason
            ? [ServerSkip.Case(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="ConformanceTheoryAttribute"/> tests, skipping them when the class's server is absent.</summary>
public sealed class ConformanceTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ServerSkip.For(testMethod) is { } reason
            ? [ServerSkip.Case(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

/// <summary>The skip decision shared by both discoverers.</summary>
internal static class ServerSkip
{
    /// <summary>The skip reason for the concrete class of <paramref name="testMethod"/>, or null to run it.</summary>
    public static string? For(ITestMethod testMethod)
    {
        var requirement = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresTestServerAttribute).AssemblyQualifiedName)
            .FirstOrDefault();
        return requirement?.GetConstructorArguments().FirstOrDefault() is string variable ? TestServers.SkipReason(variable) : null;
    }

    public static IXunitTestCase Case(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, string reason) =>
        new ServerUnavailableTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason);
}

/// <summary>A test case reported as skipped because its server variable is unset.</summary>
public sealed class ServerUnavailableTestCase : XunitTestCase
{
    private string _reason = "";

    /// <summary>For the deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ServerUnavailableTestCase()
    {
    }

    /// <summary>Creates the skipped case.</summary>
    public ServerUnavailableTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(sink, display, displayOptions, testMethod) => _reason = reason;

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("ServerSkipReason", _reason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("ServerSkipReason");
        base.Deserialize(data);
    }
}
