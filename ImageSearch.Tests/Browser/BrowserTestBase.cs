using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Playwright;
using Microsoft.Playwright.MSTest;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// Playwright driving Debian's chromium (/usr/bin/chromium, installed by scripts/test.sh) against the real app in
/// standalone mode. Every test starts on a fresh page in a fresh browser context (so with its own session). Any page
/// error or console error fails the test, and so does any API response the page gets that breaks the contract; after
/// every search, refinement or undo that succeeded the page must show no warning, no error and a plain summary
/// (<see cref="AssertNoAlarmAsync"/>); screenshots go to the test results.
/// </summary>
public abstract partial class BrowserTestBase : PageTest
{
    private readonly List<string> _errors = [];
    private readonly PageApiContract _contract = new();

    protected ImageSearchApp App { get; private set; } = null!;

    /// <summary>Console messages a test expects (for example the browser's own log line for an expected 4xx).</summary>
    protected List<string> ExpectedConsoleErrors { get; } = [];

    /// <summary>The held-out apple photo: a real photo that is not in the catalog.</summary>
    protected static string ApplePhoto => DemoStamp.PathOf(DemoStamp.HeldOut[0]);

    protected ILocator Results => Page.Locator("#results .result");

    [TestInitialize]
    public async Task OpenAsync()
    {
        App = await StartAppAsync();
        Watch(Page, "");
        await Page.GotoAsync(App.BaseAddress.ToString());
    }

    [TestCleanup]
    public async Task NoErrorsOnThePageAsync()
    {
        var unexpected = _errors.Where(e => !ExpectedConsoleErrors.Any(e.Contains)).ToList();
        Assert.IsEmpty(unexpected, string.Join(Environment.NewLine, unexpected));
        var violations = await _contract.ViolationsAsync();
        Assert.IsEmpty(violations, "API responses the page got break the contract:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    /// <summary>The app the page talks to: the shared one with the demo catalog, unless a test class needs its own.</summary>
    protected virtual Task<ImageSearchApp> StartAppAsync() => ImageSearchApp.SharedWithDemoCatalogAsync();

    /// <summary>
    /// The base check after a healthy step: no warning, no error, no refused upload on screen, and the status line is one
    /// of the page's plain statements (a summary of the results, a restored or reset session), nothing else.
    /// </summary>
    protected async Task AssertNoAlarmAsync(IPage? page = null)
    {
        page ??= Page;
        await Expect(page.GetByTestId("warning")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("warning")).ToBeEmptyAsync();
        await Expect(page.GetByTestId("error")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("error")).ToBeEmptyAsync();
        await Expect(page.GetByTestId("upload-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("status")).ToHaveTextAsync(HealthyStatus());
    }

    /// <summary>A second visitor: a page in a new browser context (its own sessionStorage), watched for errors too.</summary>
    protected async Task<IPage> OpenAnotherVisitorAsync()
    {
        var context = await NewContextAsync(ContextOptions());
        var page = await context.NewPageAsync();
        Watch(page, "second visitor: ");
        await page.GotoAsync(App.BaseAddress.ToString());
        return page;
    }

    /// <summary>Runs <paramref name="action"/>, waits for the API's answer to a POST ending in <paramref name="pathEnd"/>
    /// and then for the page to leave its busy state (the answer is drawn). A successful answer must leave no alarm on the
    /// page (<see cref="AssertNoAlarmAsync"/>) unless the test expects one.</summary>
    protected async Task<IResponse> RunAndWaitForApiAsync(string pathEnd, Func<Task> action, IPage? page = null, bool alarmExpected = false)
    {
        page ??= Page;
        var response = await page.RunAndWaitForResponseAsync(action,
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal));
        await Expect(page.Locator("body")).Not.ToHaveClassAsync(IsBusy());
        if (response.Ok && !alarmExpected)
        {
            await AssertNoAlarmAsync(page);
        }

        return response;
    }

    /// <summary>Types a query and clicks Search; returns the API's answer once the page has drawn it.</summary>
    protected async Task<IResponse> SearchAsync(string query, IPage? page = null, bool alarmExpected = false)
    {
        page ??= Page;
        await page.GetByLabel("Search images").FillAsync(query);
        return await RunAndWaitForApiAsync("/search",
            () => page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync(), page, alarmExpected);
    }

    /// <summary>Uploads files the way a user does: "Choose images…" opens the file chooser.</summary>
    protected async Task ChooseFilesAsync(params string[] paths)
    {
        var chooser = await Page.RunAndWaitForFileChooserAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Choose images…" }).ClickAsync());
        await chooser.SetFilesAsync(paths);
    }

    /// <summary>Sets the relevance floor with the keyboard (Home, then one ArrowRight per 0.01).</summary>
    protected async Task SetFloorAsync(int hundredths)
    {
        var floor = Page.GetByLabel("Relevance floor");
        await floor.FocusAsync();
        await Page.Keyboard.PressAsync("Home");
        for (var i = 0; i < hundredths; i++)
        {
            await Page.Keyboard.PressAsync("ArrowRight");
        }

        await Expect(floor).ToHaveValueAsync(Fraction(hundredths));
    }

    protected async Task<List<float>> ScoresAsync() =>
        [.. (await Page.Locator("#results .result-score").AllTextContentsAsync()).Select(s => float.Parse(s, CultureInfo.InvariantCulture))];

    protected async Task<List<string>> ResultTextsAsync(string part) => [.. await Page.Locator($"#results .result-{part}").AllTextContentsAsync()];

    protected async Task<List<string>> ResultIdsAsync() =>
        [.. await Page.Locator("#results .result").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)")];

    /// <summary>The JSON body the page sent with the request of <paramref name="response"/>.</summary>
    protected static JsonElement BodyOf(IResponse response) =>
        response.Request.PostDataJSON() ?? throw new AssertFailedException($"{response.Url}: the request had no JSON body");

    protected static Task<string> SessionIdAsync(IPage page) => page.EvaluateAsync<string>("() => sessionStorage.getItem('imagesearch.sessionId')");

    /// <summary>Saves a full-page screenshot in $IMAGESEARCH_SCREENSHOTS_DIR (scripts/test.sh: .artifacts/test-results/screenshots),
    /// else next to the test binaries, and attaches it to the test's result (the TRX report).</summary>
    protected async Task ScreenshotAsync(string name, IPage? page = null, bool fullPage = true)
    {
        var directory = Environment.GetEnvironmentVariable("IMAGESEARCH_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await (page ?? Page).ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddResultFile(path);
    }

    public override Task<BrowserTypeLaunchOptions?> LaunchOptionsAsync() => Task.FromResult<BrowserTypeLaunchOptions?>(new()
    {
        ExecutablePath = ChromiumPath(),
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu"],
    });

    public override BrowserNewContextOptions ContextOptions() => new()
    {
        ViewportSize = new() { Width = 1280, Height = 900 },
        AcceptDownloads = true,
    };

    private static string Fraction(int hundredths) => (hundredths / 100.0).ToString(CultureInfo.InvariantCulture);

    private void Watch(IPage page, string prefix)
    {
        _contract.Watch(page);
        page.PageError += (_, error) => _errors.Add(prefix + "page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add(prefix + "console error: " + message.Text);
            }
        };
    }

    private static string ChromiumPath()
    {
        const string path = "/usr/bin/chromium";
        return File.Exists(path) ? path : throw new InvalidOperationException("Chromium is missing: scripts/test.sh installs it (apt-get install chromium).");
    }

    [GeneratedRegex("is-busy")]
    private static partial Regex IsBusy();

    // "10 results for “koala” · ranked by embedded: all-MiniLM-L6-v2, resnet18 · 20 candidates · 153 ms", a restored or a
    // reset session - and nothing else (no "unavailable", no "Cancelled", no "from before").
    [GeneratedRegex(@"^((\d+ results?|No results) for .+ · ranked by \S+(: .+)? · \d+ candidates · \d+ ms|Restored your session: .+\.|Session reset: .+)$")]
    private static partial Regex HealthyStatus();
}
