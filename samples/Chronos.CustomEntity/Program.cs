using Chronos.CustomEntity;

// Usage: dotnet run --project samples/Chronos.CustomEntity [-- path/to/books.db]
var file = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "books.db");
Console.WriteLine($"books in {file}:");
await Library.RunAsync(file, Console.Out);
