// NativeAOT proof: opens a store and runs the full workload. Usage: Chronos.AotApp <backend> <dsn>
using Chronos.AotApp;
using Chronos.Storage;
using Chronos.Storage.Sqlite;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Chronos.AotApp <backend> <dsn>   (backend: sqlite)");
    return 2;
}

try
{
    await using IStorage storage = args[0] switch
    {
        "sqlite" => await SqliteStorage.OpenAsync(args[1]),
        _ => throw new StorageConfigurationException($"unknown backend '{args[0]}'"),
    };
    await Workload.RunAsync(storage, Console.Out);
    return 0;
}
catch (Exception ex) when (ex is WorkloadFailedException or StorageException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
