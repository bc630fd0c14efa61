using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// The one definition of what every <see cref="IStorage"/> backend must do (DESIGN.md "Runtime contract").
/// An adapter's test project derives a class from it, supplies <see cref="CreateStoreAsync"/>, and inherits every test.
/// Mark that class <see cref="RequiresTestServerAttribute"/> when the backend is a server.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so each test gets its own store. Ids are still unique per test (see
/// <see cref="NewId"/>) so that an adapter may share one database between tests without tests seeing each other.
/// </remarks>
public abstract partial class StorageConformanceTests : IAsyncLifetime
{
    private IStorage? _store;

    /// <summary>Returns a fresh, migrated, empty store. Called once per test.</summary>
    protected abstract Task<IStorage> CreateStoreAsync();

    /// <summary>Releases a store made by <see cref="CreateStoreAsync"/>; override to also drop its database or prefix.</summary>
    protected virtual ValueTask DisposeStoreAsync(IStorage store) => store.DisposeAsync();

    /// <summary>Concurrent writers in <see cref="ConcurrentAppendsToOneSessionNumberExactlyOneToN"/>.</summary>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>Appends per writer in <see cref="ConcurrentAppendsToOneSessionNumberExactlyOneToN"/>.</summary>
    protected virtual int AppendsPerWriter => 250;

    /// <summary>The store under test.</summary>
    protected IStorage Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync().ConfigureAwait(false);

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_store is { } store)
        {
            _store = null;
            await DisposeStoreAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>A fixed, microsecond-aligned instant tests build times from: 2025-01-02 03:04:05.123456 UTC.</summary>
    protected static readonly DateTime T0 = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560);

    private readonly string _testTag = Guid.NewGuid().ToString("N")[..12];

    /// <summary>An id unique to this test: <c>{prefix}-{tag}</c>.</summary>
    protected string NewId(string prefix) => $"{prefix}-{_testTag}";

    /// <summary><see cref="T0"/> plus whole seconds.</summary>
    protected static DateTime At(int seconds) => T0.AddSeconds(seconds);
}
