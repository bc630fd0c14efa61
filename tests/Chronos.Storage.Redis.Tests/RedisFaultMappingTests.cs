namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// Which driver failures become <see cref="TransientStorageException"/>. Found by <see cref="RedisRestartTests"/> in a
/// whole test run: a command cancelled by the driver while its connection dropped surfaced as a bare
/// <see cref="TaskCanceledException"/>, which a caller's retry policy does not recognise as transient.
/// </summary>
public sealed class RedisFaultMappingTests
{
    [Fact]
    public void ACancellationNobodyAskedForIsTransient()
    {
        var mapped = RedisContext.Map(new TaskCanceledException("A task was canceled."), "AppendEvent");

        var transient = Assert.IsType<TransientStorageException>(mapped);
        Assert.IsType<TaskCanceledException>(transient.InnerException);
    }

    [Fact]
    public void TheCallersOwnCancellationPassesThrough()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(RedisContext.Map(new OperationCanceledException(cancelled.Token), "AppendEvent"));
    }

    [Fact]
    public async Task AWaitCancelledByTheCallerIsNotMadeTransient()
    {
        using var cancelled = new CancellationTokenSource();
        var never = new TaskCompletionSource<long>().Task;
        cancelled.CancelAfter(10);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RedisContext.Run(never, "GetSession", cancelled.Token));
    }
}
