// NativeAOT proof: loads chronos.yaml through the generated backend registry, opens the agent's store and runs the full
// workload. Usage: Chronos.AotApp <chronos.yaml> <agent-id>; or the MEVD workload (Chronos.VectorData) on the embedded
// vector store: Chronos.AotApp vectordata <vectors.db>
using Chronos.AotApp;
using Chronos.Storage;
using Chronos.Storage.Configuration;
using Microsoft.Extensions.VectorData;

if (args is ["vectordata", var vectorDatabase])
{
    try
    {
        await VectorWorkload.RunAsync(vectorDatabase, Console.Out);
        return 0;
    }
    catch (Exception ex) when (ex is WorkloadFailedException or StorageException or VectorStoreException)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Chronos.AotApp <chronos.yaml> <agent-id> | Chronos.AotApp vectordata <vectors.db>");
    return 2;
}

try
{
    var config = ChronosConfig.Load(args[0]);
    Console.WriteLine($"storage: {config.GetStorageSettings(args[1])}");
    await using var storage = await config.OpenStorageAsync(args[1]);
    await Workload.RunAsync(storage, Console.Out);
    return 0;
}
catch (Exception ex) when (ex is WorkloadFailedException or StorageException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
