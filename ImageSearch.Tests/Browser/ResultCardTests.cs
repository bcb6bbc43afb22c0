using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>The actions on a result: download as JPEG, "more like this", "not this".</summary>
[TestClass]
public sealed class ResultCardTests : BrowserTestBase
{
    [TestMethod]
    public async Task DownloadLinkDeliversAJpeg()
    {
        await SearchAsync("koala");
        var link = Results.First.GetByRole(AriaRole.Link, new() { Name = "Download koala as JPEG" });

        var download = await Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        StringAssert.EndsWith(download.SuggestedFilename, ".jpg");
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.IsGreaterThan(1000, bytes.Length);
        CollectionAssert.AreEqual(new byte[] { 0xFF, 0xD8, 0xFF }, bytes.Take(3).ToArray(), "JPEG magic bytes");
    }

    [TestMethod]
    public async Task MoreLikeThisPullsTheOtherKangarooUp()
    {
        await SearchAsync("koala");
        var before = await ResultTextsAsync("description");
        var kangaroo = Results.Filter(new() { HasText = "A red kangaroo." });

        var response = await RunAndWaitForApiAsync("/refine", () => kangaroo.GetByRole(AriaRole.Button, new() { Name = "More like this" }).ClickAsync());

        var selectedId = await kangaroo.GetAttributeAsync("data-id");
        Assert.AreEqual(selectedId, BodyOf(response).GetProperty("select").GetString());
        await Expect(Page.GetByTestId("history-step")).ToHaveTextAsync(["More like “kangaroo” (last)"]);
        await Expect(Page.GetByTestId("effective-query")).ToContainTextAsync("A red kangaroo.");
        var after = await ResultTextsAsync("description");
        var rankBefore = before.IndexOf("A kangaroo.");
        var rankAfter = after.IndexOf("A kangaroo.");
        Assert.IsTrue(rankAfter >= 0 && (rankBefore < 0 || rankAfter < rankBefore), $"the other kangaroo moved up from {rankBefore} to {rankAfter}: {string.Join(" | ", after)}");
    }

    [TestMethod]
    public async Task NotThisRemovesTheResult()
    {
        await SearchAsync("koala");
        var koala = Results.First;
        var koalaId = await koala.GetAttributeAsync("data-id");

        var response = await RunAndWaitForApiAsync("/refine", () => koala.GetByRole(AriaRole.Button, new() { Name = "Not this: koala" }).ClickAsync());

        Assert.AreEqual(koalaId, BodyOf(response).GetProperty("reject").GetString());
        CollectionAssert.DoesNotContain(await ResultIdsAsync(), koalaId);
        await Expect(Results).ToHaveCountAsync(10);
        await Expect(Page.GetByTestId("history-step")).ToHaveTextAsync(["Not “koala” (last)"]);
    }
}
