using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Ranking;

/// <summary>
/// What the automatic cut keeps and hides on the demo catalog: the real app (standalone, Azurite, embedded tier), the
/// whole demo catalog imported, then for each query the uncut ranking of 50 candidates and the same search ranked again
/// with autocut 1, 2 and 3 (POST /rank, nothing fetched again). Prints, per query, how many each setting keeps, the last
/// kept and the first hidden title with their scores. docs/ranking.md carries the table.
/// </summary>
internal static class AutocutReport
{
    private static readonly string[] Queries =
    [
        "a koala", "a red apple", "a fire truck", "a penguin", "a slice of pizza", "a bird", "something to wear", "a tree",
        "a musical instrument", "an animal that lives in the sea", "a rocket in space", "a dinosaur",
    ];

    public static async Task RunAsync(TextWriter output)
    {
        await using var azurite = await Azurite.StartAsync();
        var storage = TestStorage.Unique(azurite);
        await using var app = await BenchApp.StartAsync(storage);
        var stamps = DemoStamp.All();
        await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (stamp, ct) =>
        {
            using var response = await app.Client.SendAsync(stamp.ImportRequest(await File.ReadAllBytesAsync(stamp.Path, ct), BenchApp.AdminKey, BenchApp.FunctionKey), ct);
            response.EnsureSuccessStatusCode();
        });
        await output.WriteLineAsync($"demo catalog: {stamps.Count} photos imported; 50 candidates per query, embedded tier");
        await output.WriteLineAsync("| query | autocut 1 keeps | autocut 2 | autocut 3 | last kept (1) | first hidden (1) |");
        await output.WriteLineAsync("|---|---|---|---|---|---|");
        foreach (var query in Queries)
        {
            using var created = await app.Client.PostAsync("api/sessions", null);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
            var uncut = await PostAsync(app, id!, "/search", new { query, top = 50, candidates = 50 });
            var ranked = uncut.GetProperty("results").EnumerateArray().ToList();
            var cuts = new List<int>();
            foreach (var jumps in new[] { 1, 2, 3 })
            {
                var cut = await PostAsync(app, id!, "/rank", new { top = 50, autocut = jumps });
                cuts.Add(cut.GetProperty("cut").GetProperty("kept").GetInt32());
            }

            await output.WriteLineAsync($"| {query} | {cuts[0]} of {ranked.Count} | {cuts[1]} | {cuts[2]} | {Describe(ranked, cuts[0] - 1)} | {Describe(ranked, cuts[0])} |");
        }

        await TestStorage.DeleteAsync(storage);
    }

    private static string Describe(List<JsonElement> ranked, int index) => index >= 0 && index < ranked.Count
        ? $"{ranked[index].GetProperty("title").GetString()} {ranked[index].GetProperty("score").GetSingle():0.000}"
        : "—";

    private static async Task<JsonElement> PostAsync(BenchApp app, string sessionId, string operation, object body)
    {
        using var response = await app.Client.SendAsync(SessionCall.Post(sessionId, operation, JsonContent.Create(body)));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
