namespace Chronos.Storage;

/// <summary>
/// Marks a <c>partial record</c> as persisted. The source generator pairs it with the entity of the same name in the
/// schema spec (an <c>AdditionalFiles</c> YAML file) and generates its storage mapping for every backend.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class StorageEntityAttribute : Attribute
{
    /// <summary>Pairs the record with the spec entity of the record's own name.</summary>
    public StorageEntityAttribute() { }

    /// <summary>Pairs the record with the spec entity <paramref name="specName"/>.</summary>
    public StorageEntityAttribute(string specName) => SpecName = specName;

    /// <summary>The spec entity this record maps, when it differs from the record's name.</summary>
    public string? SpecName { get; }
}
