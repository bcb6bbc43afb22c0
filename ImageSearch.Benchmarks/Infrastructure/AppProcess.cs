using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageSearch.Core.Storage;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>
/// The built app as a separate process, as scripts/run.sh starts it: <c>dotnet ImageSearch.Functions.dll --standalone
/// --urls ...</c> from its output folder, settings from environment variables.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly List<string> _firstLines = [];
    private readonly List<string> _reliefLines = [];

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The app's resident memory now and its peak so far (Linux /proc: VmRSS, VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Field(string name) => double.Parse(status.Single(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    /// <summary>What the resident memory is made of (anonymous vs file-backed pages) and the thread count, for the report.</summary>
    public string MemoryDetail()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        string Field(string name) => status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim();
        double MiB(string name) => double.Parse(Field(name).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"anonymous {MiB("RssAnon"):0} MiB, file-backed {MiB("RssFile"):0} MiB, {Field("Threads")} threads");
    }

    /// <summary>CPU time the app process has used so far (user + system, every thread), in seconds.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The app's output folder of the configuration this benchmark was built in (the project reference builds it).</summary>
    public static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
            var dll = Path.Combine(RepoPaths.Root, "ImageSearch.Functions", "bin", configuration, "net10.0", "ImageSearch.Functions.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution in {configuration} first.");
        }
    }

    public static AppProcess Start(StorageOptions storage, params (string Name, string Value)[] settings)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.GetFileName(AppDll), "--standalone", "--urls", baseAddress.ToString().TrimEnd('/') })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in TestStorage.AsEnvironment(storage))
        {
            info.Environment[name] = value;
        }

        info.Environment["Admin__ApiKey"] = BenchApp.AdminKey;
        info.Environment["Standalone__FunctionKey"] = BenchApp.FunctionKey; // the import endpoints demand it, as the host does
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        return new AppProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), baseAddress);
    }

    /// <summary>Polls GET /api/health until it answers 200; throws with the app's last output when it does not in time.</summary>
    public async Task WaitForHealthyAsync(HttpClient client, TimeSpan timeout, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "api/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The app did not become healthy at {BaseAddress}:{Environment.NewLine}{LastLines()}");
            }

            await Task.Delay(interval);
        }
    }

    /// <summary>Waits until the app has written a line containing <paramref name="text"/> (checked every 50 ms); false after the timeout.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!LastLines().Contains(text, StringComparison.Ordinal))
        {
            if (HasExited || DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>The app's first 200 lines of output (start-up and the first catalog load), as far as written yet.</summary>
    public string FirstLines()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _firstLines);
        }
    }

    public string LastLines()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }

    /// <summary>The app's log lines of its decoder memory relief so far (each a blocking full collection, with its duration).</summary>
    public IReadOnlyList<string> ReliefLines()
    {
        lock (_lastLines)
        {
            return [.. _reliefLines];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            if (_firstLines.Count < 200)
            {
                _firstLines.Add(line);
            }

            if (line.Contains("Decoding quiet", StringComparison.Ordinal))
            {
                _reliefLines.Add(line);
            }

            _lastLines.Enqueue(line);
            while (_lastLines.Count > 30)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
