namespace Chronos.Storage.Telemetry;

/// <summary>The attribute names of OpenTelemetry's database conventions, and Chronos's own, used on spans and metrics.</summary>
internal static class DbAttributes
{
    public const string SystemName = "db.system.name";
    public const string OperationName = "db.operation.name";
    public const string CollectionName = "db.collection.name";
    public const string ErrorType = "error.type";
    public const string Entity = "chronos.entity";
    public const string AgentId = "chronos.agent.id";
    public const string SessionId = "chronos.session.id";
    public const string Index = "chronos.index";
    public const string RecordCount = "chronos.record.count";

    /// <summary>
    /// The well-known <c>db.system.name</c> of a Chronos backend (OpenTelemetry's registry spells PostgreSQL and
    /// DynamoDB differently from the YAML); any other backend reports its own name.
    /// </summary>
    public static string SystemOf(string backend) => backend switch
    {
        "postgres" => "postgresql",
        "dynamo" => "aws.dynamodb",
        "mongo" => "mongodb",
        _ => backend,
    };
}
