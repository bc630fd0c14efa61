namespace Chronos.Storage.Schema;

/// <summary>
/// Implemented by the generator for every <see cref="StorageEntityAttribute"/> record. Adapters are generic over it,
/// so each backend is specialised per entity at compile time and nothing is looked up by reflection.
/// It holds only what is backend-neutral: a key-value or document adapter derives its own layout (key prefixes,
/// element names, secondary indexes) from <see cref="Schema"/> once per entity type, so a new kind of backend needs
/// no member here and nothing in the generator.
/// </summary>
/// <typeparam name="TSelf">The record.</typeparam>
public interface IStorageEntity<TSelf> where TSelf : IStorageEntity<TSelf>
{
    /// <summary>Names, fields, key, indexes and version from the schema spec.</summary>
    static abstract EntitySchema Schema { get; }

    /// <summary>Visits every field of <paramref name="entity"/> in ordinal order.</summary>
    static abstract void Write<TWriter>(TSelf entity, ref TWriter writer) where TWriter : IFieldWriter, allows ref struct;

    /// <summary>Builds a record from a backend row/document.</summary>
    static abstract TSelf Read<TReader>(ref TReader reader) where TReader : IFieldReader, allows ref struct;

    /// <summary>The record's primary key value.</summary>
    static abstract string GetKey(TSelf entity);

    /// <summary>The generated SQL for every SQL dialect.</summary>
    static abstract SqlCatalog Sql { get; }

    /// <summary>The generated migration plan: per version, the spec's steps and their DDL per SQL dialect.</summary>
    static abstract MigrationPlan Migrations { get; }
}
