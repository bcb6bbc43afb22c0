using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// A private Azurite (npm) instance on free loopback ports, in memory, stopped on dispose. The binary comes from
/// IMAGESEARCH_AZURITE or tools/node_modules/.bin/azurite (scripts/test.sh installs it); a missing binary fails the test.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly int _blobPort;
    private readonly int _tablePort;
    private Process _process;

    private Azurite(Process process, string[] arguments, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _arguments = arguments;
        _blobPort = blobPort;
        _tablePort = tablePort;
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Starts Azurite in memory, or, with <paramref name="dataFolder"/>, persisting there so that <see cref="StopAsync"/>
    /// and <see cref="StartAgainAsync"/> (same ports, same data) play a storage outage and its end.
    /// </summary>
    public static async Task<Azurite> StartAsync(string? dataFolder = null)
    {
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        string[] persistence = dataFolder is null ? ["--inMemoryPersistence"] : ["--location", dataFolder];
        string[] arguments =
        [
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", .. persistence,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        ];
        var azurite = new Azurite(Launch(arguments), arguments, blob, queue, table);
        try
        {
            await azurite.WaitListeningAsync();
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>
    /// Stops the process: from now on every connection is refused. With a data folder it is asked to shut down (SIGINT),
    /// so it saves what it holds, as a storage service keeps its data through an outage; killed if it does not end.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!_arguments.Contains("--inMemoryPersistence"))
        {
            using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString()]);
            await interrupt.WaitForExitAsync();
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Fall through to kill.
            }
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts it again on the same ports (and the same data folder, if any).</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        _process.Dispose();
        _process = Launch(_arguments);
        await WaitListeningAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private static Process Launch(string[] arguments)
    {
        var binary = FindBinary();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await IsListening(_blobPort) && await IsListening(_tablePort)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start listening on {_blobPort}/{_tablePort}.");
            }

            await Task.Delay(100);
        }
    }

    private static string FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("IMAGESEARCH_AZURITE");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        var local = Path.Combine(RepoPaths.Root, "tools", "node_modules", ".bin", "azurite");
        return File.Exists(local)
            ? local
            : throw new InvalidOperationException("Azurite is not installed: run scripts/test.sh (it runs npm ci in tools/) or set IMAGESEARCH_AZURITE.");
    }

    /// <summary>A free loopback TCP port (also used by the scale benchmark's persisted Azurite).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts connections on the loopback <paramref name="port"/>.</summary>
    internal static async Task<bool> IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
