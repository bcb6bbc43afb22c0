using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>What one scale run measured; <see cref="Print"/> writes the table rows with the load of each step.</summary>
internal sealed class ScaleFigures
{
    public string LoadAtStart { get; set; } = "";
    public double HealthSeconds { get; set; }
    public double FirstSearchSeconds { get; set; }
    public string FirstSearchTiming { get; set; } = "";
    public string Tier { get; set; } = "";
    public int CatalogSize { get; set; }
    public string AppLoadLine { get; set; } = "";
    public double RssMiB { get; set; }
    public double PeakRssMiB { get; set; }
    public double RssAfterImportMiB { get; set; }
    public Distribution Idle { get; set; } = Distribution.Of([]);
    public string LoadIdle { get; set; } = "";
    public List<(string Query, string[] Ids)> Answers { get; } = [];
    public double Recall { get; set; } = double.NaN;
    public int RecallQueries { get; set; }
    public int ShortAnswers { get; set; }
    public Distribution FirstBatchSearches { get; set; } = Distribution.Of([]);
    public Distribution DuringImport { get; set; } = Distribution.Of([]);
    public double ImportWithSearches { get; set; }
    public string LoadImport { get; set; } = "";
    public double? ItemsAlone { get; set; }
    public double? BatchesAlone { get; set; }
    public string LoadRatio { get; set; } = "";
    public IReadOnlyList<string> ReliefLines { get; set; } = [];

    public void Print(ScaleCatalogInfo catalog)
    {
        var size = catalog.Size;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
            == scale {{size:N0}} items: the real app (separate process, Release, embedded tier '{{Tier}}', web off) on a cached snapshot
               catalog: {{catalog.Vectors}}; snapshot format {{catalog.SnapshotFormat}}, {{catalog.SnapshotBytes / 1048576.0:0}} MiB ({{catalog.SnapshotBytes / (double)catalog.Items:0}} bytes/item); built {{catalog.BuiltAt:yyyy-MM-dd HH:mm}} UTC: {{(catalog.RowsSeconds > 0 ? $"rows through a table {catalog.RowsSeconds:0} s, snapshot from them" : "snapshot from the generated rows")}} {{catalog.SnapshotSeconds:0}} s
               cold load (empty table: the snapshot only): {{CatalogSize:N0}} items in the app's index{{(CatalogSize == size ? "" : " — NOT the catalog's size")}}; app: {{AppLoadLine}}
               process start -> first search answered    {{FirstSearchSeconds:0.00}} s   (health 200 at {{HealthSeconds:0.00}} s; first search Server-Timing: {{FirstSearchTiming}}; load before start {{LoadAtStart}})
               RSS after first search                    {{RssMiB / 1024:0.00}} GiB ({{RssMiB:0}} MiB; peak so far {{PeakRssMiB:0}} MiB at the end; {{RssAfterImportMiB:0}} MiB after the imports)
               warm search p50 / p95 over HTTP           {{Idle.P50:0.0}} / {{Idle.P95:0.0}} ms   ({{Idle}}; load {{LoadIdle}})
               recall@10 against exact fp32 ranking      {{Recall:0.000}}   ({{RecallQueries}} queries of the warm run; {{ShortAnswers}} answers with fewer than 10 results)
               search p99 during bulk import vs idle     {{DuringImport.P99:0.0}} / {{Idle.P99:0.0}} ms = {{DuringImport.P99 / Idle.P99:0.00}}x   (during: {{DuringImport}}; load {{LoadImport}})
               bulk import, batches of {{ScaleImport.BatchSize}} x{{ScaleImport.InFlight}}, with searches  {{ImportWithSearches:0.00}} images/s
               (before it, the process's first import batch, cold: searches meanwhile max {{FirstBatchSearches.Max:0}} ms; {{FirstBatchSearches}})
            """));
        if (ItemsAlone is { } items && BatchesAlone is { } batches)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   bulk import alone: batches {batches:0.00} images/s vs the admin endpoint (items x2) {items:0.00} images/s = {batches / items:0.00}x   (load {LoadRatio})"));
        }

        foreach (var line in ReliefLines)
        {
            Console.WriteLine($"   memory relief after the imports (one blocking full collection): {line.Trim()}");
        }
    }
}
