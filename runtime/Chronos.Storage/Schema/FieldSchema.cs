namespace Chronos.Storage.Schema;

/// <summary>One persisted field: the C# property and the single storage name every backend uses for it.</summary>
/// <param name="Ordinal">Position in <see cref="EntitySchema.Fields"/>; the visitor addresses fields by it.</param>
/// <param name="PropertyName">The C# property.</param>
/// <param name="StorageName">Column, hash field, BSON element, DynamoDB attribute and JSON property name.</param>
/// <param name="Kind">The storage type.</param>
/// <param name="IsNullable">Whether the field may be absent/NULL.</param>
public sealed record FieldSchema(int Ordinal, string PropertyName, string StorageName, FieldKind Kind, bool IsNullable);
