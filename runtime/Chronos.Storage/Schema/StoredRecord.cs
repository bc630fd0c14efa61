using Chronos.Storage.Json;
using Chronos.Storage.Schema;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Providers;

/// <summary>
/// Every backend's read path builds records through <see cref="Read{TEntity, TReader}"/>, so that a stored value that
/// does not parse (corrupted JSON, a string where an object belongs, JSON nested beyond
/// <see cref="StorageLimits.MaxJsonDepth"/>, a number out of range) fails one way everywhere: a
/// <see cref="StoredRecordFormatException"/> naming the entity, the record's key and the field.
/// </summary>
public static class StoredRecord
{
    /// <summary>The record <paramref name="reader"/> is positioned on.</summary>
    /// <exception cref="StoredRecordFormatException">A field does not parse as its declared type.</exception>
    public static TEntity Read<TEntity, TReader>(TReader reader, string backend)
        where TEntity : IStorageEntity<TEntity>
        where TReader : IFieldReader, allows ref struct
    {
        var tracking = new FieldTrackingReader<TReader>(reader);
        try
        {
            return TEntity.Read(ref tracking);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidCastException
                                      or OverflowException or InvalidDataException or NullReferenceException)
        {
            throw Describe(TEntity.Schema, ref tracking, backend, e);
        }
    }

    private static StoredRecordFormatException Describe<TReader>(EntitySchema schema, ref FieldTrackingReader<TReader> tracking, string backend, Exception error)
        where TReader : IFieldReader, allows ref struct
    {
        var field = schema.Fields[tracking.Current];
        var key = tracking.TryReadString(schema.KeyOrdinal);
        var stored = field.Kind is FieldKind.Json or FieldKind.String ? tracking.TryReadString(field.Ordinal) : null;
        var holds = stored is null ? "" : $" holds '{StoredRecordFormatException.Preview(stored)}', which";
        return new StoredRecordFormatException(
            $"{backend}: {schema.EntityName} '{(key is null ? "?" : StorageArgumentException.Printable(key))}' field '{field.StorageName}'{holds} is not a valid {Expected(field)} ({error.GetType().Name}: {Shorten(error.Message)}).",
            schema.EntityName, key, field.StorageName, error);
    }

    private static string Expected(FieldSchema field) =>
        field.Kind == FieldKind.Json ? $"JSON value for this field (at most {StorageLimits.MaxJsonDepth} levels deep)" : field.Kind.ToString();

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200] + "…";

    /// <summary>Passes every call through and remembers the field read last, so a failure can name it.</summary>
    private ref struct FieldTrackingReader<TReader>(TReader inner) : IFieldReader where TReader : IFieldReader, allows ref struct
    {
        private TReader _inner = inner;

        public int Current { get; private set; }

        public bool IsNull(int ordinal)
        {
            Current = ordinal;
            return _inner.IsNull(ordinal);
        }

        public string ReadString(int ordinal) => _inner.ReadString(Current = ordinal);
        public int ReadInt32(int ordinal) => _inner.ReadInt32(Current = ordinal);
        public long ReadInt64(int ordinal) => _inner.ReadInt64(Current = ordinal);
        public double ReadDouble(int ordinal) => _inner.ReadDouble(Current = ordinal);
        public bool ReadBoolean(int ordinal) => _inner.ReadBoolean(Current = ordinal);
        public DateTime ReadDateTime(int ordinal) => _inner.ReadDateTime(Current = ordinal);
        // Compressed JSON (JsonCompression) is expanded here, on every backend's read path, whatever the store's setting.
        public JsonNode ReadJson(int ordinal)
        {
            CompressedJson.ExpectStoredParse();
            JsonNode stored;
            try
            {
                stored = _inner.ReadJson(Current = ordinal);
            }
            catch
            {
                CompressedJson.ForgetStoredParse();
                throw;
            }
            return CompressedJson.DecodeStored(stored);
        }

        /// <summary>The field's stored text for a message, or null when the backend cannot give it as a string.</summary>
        public string? TryReadString(int ordinal)
        {
            try
            {
                return _inner.IsNull(ordinal) ? null : _inner.ReadString(ordinal);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return null;
            }
        }
    }
}
