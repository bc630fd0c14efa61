namespace Chronos.Storage.Telemetry;

/// <summary>The <c>db.operation.name</c> values Chronos reports: one per entity-store call and engine operation.</summary>
internal static class StorageOperations
{
    public const string SchemaUpgrade = "ensure_schema";
    public const string Insert = "insert";
    public const string Upsert = "upsert";
    public const string Update = "update";
    public const string Get = "get";
    public const string Delete = "delete";
    public const string List = "list";
    public const string DeleteMatching = "delete_matching";
    public const string Append = "append";
    public const string DeleteSession = "delete_session";
    public const string Migrate = "migrate";
}
