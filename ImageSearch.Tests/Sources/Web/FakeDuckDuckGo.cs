using System.Collections.Concurrent;
using System.Globalization;
using ImageSearch.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>
/// DuckDuckGo as its image clients see it: <c>/?q=</c> answers an HTML page carrying the <c>vqd</c> token, <c>/i.js</c>
/// answers JSON pages of 100 results (<c>results</c> with title, image, thumbnail, url, width, height, source; <c>next</c>
/// while more remain) and 403 for a wrong token. Rate limiting is scripted per request.
/// </summary>
internal sealed class FakeDuckDuckGo
{
    public const string Token = "4-211983765183294736458291049927365412";
    public const int PageSize = 100;

    private FakeDuckDuckGo(LocalServer server)
    {
        Server = server;
    }

    public LocalServer Server { get; }

    public Uri BaseUrl => Server.BaseUri;

    /// <summary>Image URLs DuckDuckGo "finds" for a query (default: none).</summary>
    public Func<string, IReadOnlyList<string>> ImagesFor { get; set; } = _ => [];

    /// <summary>Statuses the next i.js requests get instead of an answer, in order.</summary>
    public ConcurrentQueue<int> ScriptedStatuses { get; } = new();

    /// <summary>When set, every request (token page and i.js) gets this status.</summary>
    public int? AlwaysStatus { get; set; }

    /// <summary>How the page embeds the token (the forms the well-known clients look for); empty for a page without one.</summary>
    public string TokenMarkup { get; set; } = $"vqd=\"{Token}\"";

    public ConcurrentQueue<(string Path, IQueryCollection Query, string UserAgent, string Referer)> Requests { get; } = new();

    public static async Task<FakeDuckDuckGo> StartAsync()
    {
        FakeDuckDuckGo? fake = null;
        var server = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/", (HttpContext context) => fake!.TokenPage(context));
            app.MapGet("/i.js", (HttpContext context) => fake!.ImagePage(context));
        });
        fake = new FakeDuckDuckGo(server);
        return fake;
    }

    private IResult TokenPage(HttpContext context)
    {
        Record(context);
        if (AlwaysStatus is { } status)
        {
            return Results.StatusCode(status);
        }

        return Results.Content("<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"utf-8\"><title>at DuckDuckGo</title>" +
            $"<script>DDG.page = new DDG.Pages.SERP({{ {TokenMarkup}, q: 'x' }});</script></head><body></body></html>", "text/html; charset=UTF-8");
    }

    private IResult ImagePage(HttpContext context)
    {
        Record(context);
        if (AlwaysStatus is { } status)
        {
            return Results.StatusCode(status);
        }

        if (ScriptedStatuses.TryDequeue(out var scripted))
        {
            return Results.StatusCode(scripted);
        }

        var query = context.Request.Query;
        if (query["vqd"] != Token || query["o"] != "json")
        {
            return Results.StatusCode(403);
        }

        var all = ImagesFor(query["q"].ToString());
        var offset = int.Parse(query["s"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var results = all.Skip(offset).Take(PageSize).Select((image, i) => new Dictionary<string, object>
        {
            ["height"] = 24,
            ["image"] = image,
            ["image_token"] = $"token{offset + i}",
            ["source"] = "Bing",
            ["thumbnail"] = $"https://tse2.mm.bing.net/th?id=OIP.{offset + i}&pid=Api",
            ["thumbnail_token"] = $"thumb{offset + i}",
            ["title"] = $"Result {offset + i} for {query["q"]}",
            ["url"] = $"https://pages.example/{offset + i}",
            ["width"] = 32,
        }).ToList();
        var body = new Dictionary<string, object> { ["ads"] = Array.Empty<object>(), ["query"] = query["q"].ToString(), ["results"] = results };
        if (offset + PageSize < all.Count)
        {
            body["next"] = $"i.js?q={Uri.EscapeDataString(query["q"].ToString())}&o=json&p=1&s={offset + PageSize}&u=bing&f=,,,,,&l=wt-wt&vqd={Token}";
        }

        return Results.Json(body, contentType: "application/json; charset=utf-8");
    }

    private void Record(HttpContext context) => Requests.Enqueue((context.Request.Path.Value ?? "", context.Request.Query,
        context.Request.Headers.UserAgent.ToString(), context.Request.Headers.Referer.ToString()));
}
