using Azure;

namespace ImageSearch.Core.Storage;

/// <summary>Writes into a table or container that may not exist yet: on 404 it is created once and the write repeated.</summary>
public static class StorageWrites
{
    public static async Task CreatingOnNotFoundAsync(Func<Task> write, Func<Task> create)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await create();
            await write();
        }
    }
}
