using Microsoft.Extensions.VectorData;

namespace AgentsConsumer;

/// <summary>
/// An MEVD record annotated with MEVD's own attributes. Its mapping (DocVectorRecordMapping) is generated at compile
/// time by the generator the Chronos.Storage package carries: no reflection, so the NativeAOT binary maps it too.
/// </summary>
public sealed class Doc
{
    public const int Dimensions = 4;

    [VectorStoreKey] public string Id { get; set; } = "";
    [VectorStoreData(IsIndexed = true)] public string Category { get; set; } = "";
    [VectorStoreData(StorageName = "body")] public string Text { get; set; } = "";
    [VectorStoreData] public int Rank { get; set; }
    [VectorStoreVector(Dimensions)] public ReadOnlyMemory<float> Vector { get; set; }
}
