using Microsoft.Extensions.VectorData;

namespace Chronos.AgentChat;

/// <summary>
/// One thing the agent knows, as a Microsoft.Extensions.VectorData record. Its mapping (FactVectorRecordMapping) is
/// generated at compile time from these attributes, so the collection needs no reflection under NativeAOT.
/// </summary>
public sealed class Fact
{
    [VectorStoreKey] public string Id { get; set; } = "";
    [VectorStoreData] public string Text { get; set; } = "";
    [VectorStoreVector(HashedEmbedding.Dimension)] public ReadOnlyMemory<float> Embedding { get; set; }
}
