using System.Diagnostics;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// One Azurite service (<c>azurite-blob</c> or <c>azurite-table</c>) on a free loopback port, in memory or persisted in a
/// folder. The scale benchmark runs the services separately because they scale differently here: the blob service keeps
/// blob bytes in extent files (a 4 GB snapshot costs disk, not memory), while the table service (LokiJS) holds every
/// entity in the Node heap and persists by serialising the whole store into one JSON string (V8 caps a string at 512 MiB:
/// about 100,000 catalog rows of ~5 KB), so table rows cannot be cached on disk at this scale.
/// </summary>
internal sealed class AzuriteService : IAsyncDisposable
{
    /// <summary>Node's heap cap for the services: 1,000,000 rows of ~5 KB take ~6 GB in the table service.</summary>
    private const int MaxHeapMegabytes = 14_000;

    private readonly Process _process;
    private readonly bool _persistent;

    private AzuriteService(Process process, string endpoint, bool persistent)
    {
        _process = process;
        Endpoint = endpoint;
        _persistent = persistent;
    }

    /// <summary>The service endpoint for a connection string (http://127.0.0.1:port/devstoreaccount1).</summary>
    public string Endpoint { get; }

    public int ProcessId => _process.Id;

    public static Task<AzuriteService> StartBlobAsync(string? folder) => StartAsync("blob", folder);

    public static Task<AzuriteService> StartTableAsync() => StartAsync("table", null);

    /// <summary>A connection string for Azurite's well-known account over a blob and a table service.</summary>
    public static string ConnectionString(AzuriteService blob, AzuriteService table) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint={blob.Endpoint};TableEndpoint={table.Endpoint};";

    /// <summary>Resident memory of the service process (VmRSS), MiB.</summary>
    public double RssMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>A persisted service is asked to stop (SIGINT: it saves its metadata); killed if it does not within a minute.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && _persistent)
        {
            using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync();
            using var graceful = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                // killed below
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<AzuriteService> StartAsync(string service, string? folder)
    {
        var port = Azurite.FreePort();
        var info = new ProcessStartInfo(Binary($"azurite-{service}")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] persistence = folder is null ? ["--inMemoryPersistence"] : ["--location", folder];
        foreach (var arg in (string[])["--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", .. persistence,
                     $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NODE_OPTIONS"] = $"--max-old-space-size={MaxHeapMegabytes}";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"azurite-{service} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[azurite-{service}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteService(process, $"http://127.0.0.1:{port}/devstoreaccount1", folder is not null);
        var deadline = DateTime.UtcNow.AddMinutes(2); // a persisted blob store loads its metadata first
        while (!await Azurite.IsListening(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"azurite-{service} did not start listening on {port}.");
            }

            await Task.Delay(100);
        }

        return azurite;
    }

    /// <summary>Next to the <c>azurite</c> binary of IMAGESEARCH_AZURITE, or tools/node_modules/.bin.</summary>
    private static string Binary(string name)
    {
        var configured = Environment.GetEnvironmentVariable("IMAGESEARCH_AZURITE");
        var folder = !string.IsNullOrEmpty(configured) && File.Exists(configured)
            ? Path.GetDirectoryName(configured)!
            : Path.Combine(RepoPaths.Root, "tools", "node_modules", ".bin");
        var binary = Path.Combine(folder, name);
        return File.Exists(binary) ? binary : throw new InvalidOperationException($"{binary} is missing: run npm ci in tools/ or set IMAGESEARCH_AZURITE.");
    }
}
