using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Dynamo;

// Batch append and the turn, each one TransactWriteItems (DynamoEventLedger.AppendBatchAsync): all items commit or
// none does. The transaction's limits (100 items, 4 MB) are checked before sending: an event takes two items (record
// and sequence guard), the counter one, the session, checkpoint and each audit entry one.
public sealed partial class DynamoStorage
{
    private const string AppendEventsOperation = "AppendEvents";
    private const string CommitTurnOperation = "CommitTurn";

    /// <inheritdoc />
    protected override Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken) =>
        _ledger.AppendBatchAsync(batch, [], otherFailed: null, AppendEventsOperation, cancellationToken);

    /// <inheritdoc />
    protected override async Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        var sessions = (DynamoEntityStore<Session>)EntityStore<Session>();
        var session = sessions.Build(turn.UpdatedSession);
        var versionName = DynamoEntityStore<Session>.Schema.Fields[DynamoEntityStore<Session>.Schema.ConcurrencyOrdinal!.Value].StorageName;
        List<TransactWriteItem> others =
        [
            new()
            {
                Put = new Put
                {
                    TableName = TableName,
                    Item = session.Item,
                    ConditionExpression = "#version = :expected",
                    ExpressionAttributeNames = new() { ["#version"] = versionName },
                    ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { N = turn.Session.Version.ToString(CultureInfo.InvariantCulture) } },
                },
            },
        ];
        if (turn.Checkpoint is { } checkpoint)
        {
            others.Add(new TransactWriteItem { Put = new Put { TableName = TableName, Item = ((DynamoEntityStore<Checkpoint>)EntityStore<Checkpoint>()).Build(checkpoint).Item } });
        }
        var audits = (DynamoEntityStore<AuditLog>)EntityStore<AuditLog>();
        foreach (var log in turn.AuditLogs) others.Add(new TransactWriteItem { Put = audits.PutIfAbsent(audits.Build(log).Item).AsTransactPut() });

        var events = await _ledger.AppendBatchAsync(turn.Events, others, async (reasons, first) =>
        {
            if (DynamoTransactions.Failed(reasons, first))
            {
                return turn.SessionConflict((await Sessions.GetAsync(turn.Session.Id, cancellationToken).ConfigureAwait(false))?.Version);
            }
            var auditIndex = Enumerable.Range(0, turn.AuditLogs.Length).First(i => DynamoTransactions.Failed(reasons, reasons.Count - turn.AuditLogs.Length + i));
            return new DuplicateKeyException(nameof(AuditLog), turn.AuditLogs[auditIndex].Id, "id");
        }, CommitTurnOperation, cancellationToken).ConfigureAwait(false);
        return turn.Committed(events);
    }
}
