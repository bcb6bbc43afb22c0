using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>One Azurite per test run, shared; each test isolates itself with its own table and container names.</summary>
[TestClass]
public static class TestEnvironment
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Azurite? _azurite;

    public static async Task<Azurite> AzuriteAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _azurite ??= await Azurite.StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Storage options with names unique to the caller, on the shared Azurite.</summary>
    public static async Task<StorageOptions> UniqueStorageAsync() => TestStorage.Unique(await AzuriteAsync());

    public static async Task<StorageClients> StorageAsync(StorageOptions options)
    {
        var clients = new StorageClients(Options.Create(options));
        await clients.EnsureCreatedAsync(CancellationToken.None);
        return clients;
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await ImageSearchApp.StopSharedAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
