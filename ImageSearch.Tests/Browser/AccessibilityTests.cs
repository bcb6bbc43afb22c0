using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>Keyboard operation, visible focus, labelled controls, alt text, and a phone-sized viewport.</summary>
[TestClass]
public sealed partial class AccessibilityTests : BrowserTestBase
{
    [TestMethod]
    public async Task KeyboardAloneSearchesAndTheFocusRingIsVisible()
    {
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByLabel("Search images")).ToBeFocusedAsync();
        await AssertFocusRingAsync();

        await Page.Keyboard.TypeAsync("koala");
        await RunAndWaitForApiAsync("/search", () => Page.Keyboard.PressAsync("Enter"));
        await Expect(Results).ToHaveCountAsync(10);
        await Expect(Page.GetByLabel("Search images")).ToBeFocusedAsync();

        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeFocusedAsync();
        await AssertFocusRingAsync();

        // Keyboard on a result: "Not this" with Enter.
        var notThis = Results.First.GetByRole(AriaRole.Button, new() { Name = "Not this" });
        await notThis.FocusAsync();
        await AssertFocusRingAsync();
        await RunAndWaitForApiAsync("/refine", () => Page.Keyboard.PressAsync("Enter"));
        await Expect(Page.GetByTestId("history-step")).ToHaveCountAsync(1);
        await Expect(Page.GetByLabel("Say what to change")).ToBeFocusedAsync(); // focus lands next to the history, not on <body>
    }

    [TestMethod]
    public async Task EveryControlHasANameAndEveryImageAnAltText()
    {
        await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));
        await SearchAsync("koala");

        foreach (var label in new[] { "Search images", "Relevance floor", "Say what to change" })
        {
            await Expect(Page.GetByLabel(label, new() { Exact = true })).ToBeVisibleAsync();
        }

        var controls = Page.Locator("button:visible, input:visible, a:visible, [role=checkbox]:visible");
        var count = await controls.CountAsync();
        Assert.IsGreaterThan(30, count, "buttons, inputs and links on a page with results and an upload");
        for (var i = 0; i < count; i++)
        {
            await Expect(controls.Nth(i)).ToHaveAccessibleNameAsync(NotBlank());
        }

        var alts = await Page.Locator("img").EvaluateAllAsync<string[]>("imgs => imgs.map(i => i.alt)");
        Assert.AreEqual(11, alts.Length);
        Assert.IsTrue(alts.All(a => a.Trim().Length > 0), string.Join(" | ", alts));
    }

    [TestMethod]
    public async Task PhoneViewportHasNoSidewaysScrolling()
    {
        await Page.SetViewportSizeAsync(390, 844);
        await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));
        await SearchAsync("koala");
        await Expect(Results).ToHaveCountAsync(10);

        var scrollWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.IsLessThanOrEqualTo(390, scrollWidth, "nothing sticks out sideways");
        var columns = await Page.Locator(".gallery").EvaluateAsync<string>("g => getComputedStyle(g).gridTemplateColumns");
        Assert.AreEqual(2, columns.Split(' ').Length, "two result columns on a phone: " + columns);
        var searchBox = await Page.GetByLabel("Search images").BoundingBoxAsync();
        Assert.IsGreaterThan(250, searchBox!.Width, "the search box spans the screen");
        await ScreenshotAsync("phone-390x844");
    }

    private async Task AssertFocusRingAsync()
    {
        var outline = await Page.EvaluateAsync<string[]>(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
        Assert.AreEqual("solid", outline[0], string.Join(" ", outline));
        Assert.AreEqual("3px", outline[1], string.Join(" ", outline));
        Assert.AreNotEqual("rgba(0, 0, 0, 0)", outline[2]);
    }

    [GeneratedRegex(@"\S")]
    private static partial Regex NotBlank();
}
