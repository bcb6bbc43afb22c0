using ImageSearch.Tests.Infrastructure;
using Microsoft.Playwright;
using Microsoft.Playwright.MSTest;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// Playwright driving Debian's chromium (/usr/bin/chromium, installed by scripts/test.sh) against the real app in
/// standalone mode. Any page error or console error fails the test; screenshots go to the test results.
/// </summary>
public abstract class BrowserTestBase : PageTest
{
    private readonly List<string> _errors = [];

    protected ImageSearchApp App { get; private set; } = null!;

    /// <summary>Console messages a test expects (for example the browser's own log line for an expected 404).</summary>
    protected List<string> ExpectedConsoleErrors { get; } = [];

    [TestInitialize]
    public async Task OpenAsync()
    {
        App = await ImageSearchApp.SharedWithDemoCatalogAsync();
        Page.PageError += (_, error) => _errors.Add("page error: " + error);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add("console error: " + message.Text);
            }
        };
        await Page.GotoAsync(App.BaseAddress.ToString());
    }

    [TestCleanup]
    public void NoErrorsOnThePage()
    {
        var unexpected = _errors.Where(e => !ExpectedConsoleErrors.Any(e.Contains)).ToList();
        Assert.IsEmpty(unexpected, string.Join(Environment.NewLine, unexpected));
    }

    protected async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddResultFile(path);
    }

    public override Task<BrowserTypeLaunchOptions?> LaunchOptionsAsync() => Task.FromResult<BrowserTypeLaunchOptions?>(new()
    {
        ExecutablePath = ChromiumPath(),
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu"],
    });

    private static string ChromiumPath()
    {
        const string path = "/usr/bin/chromium";
        return File.Exists(path) ? path : throw new InvalidOperationException("Chromium is missing: scripts/test.sh installs it (apt-get install chromium).");
    }
}
