using System.Text.RegularExpressions;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>"Search with your images": file picker, drag-and-drop, previews with the server's captions, per-file errors,
/// the limit of five, and searching by image with and without words.</summary>
[TestClass]
public sealed partial class UploadPanelTests : BrowserTestBase
{
    private const string NotAnImage = "The file is not a JPEG, PNG, GIF, WebP or BMP image.";

    private ILocator Uploads => Page.Locator("#uploads .upload");

    [TestMethod]
    public async Task FilePickerUploadShowsPreviewAndTheServersCaption()
    {
        var upload = await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));

        Assert.AreEqual(201, upload.Status);
        var caption = (await upload.JsonAsync())!.Value.GetProperty("caption").GetString()!;
        StringAssert.Contains(caption.ToLowerInvariant(), "apple");
        var card = Uploads.First;
        await Expect(card.Locator(".upload-name")).ToHaveTextAsync("apple_fuji.png");
        await Expect(card.Locator(".upload-caption")).ToHaveTextAsync(caption);
        await Expect(card.GetByRole(AriaRole.Checkbox, new() { Name = "Use in search: apple_fuji.png" })).ToBeCheckedAsync();
        var preview = card.Locator("img");
        await Expect(preview).ToHaveAttributeAsync("alt", $"Your image apple_fuji.png: {caption}");
        Assert.IsTrue(await preview.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the preview is drawn");
        await Expect(Page.Locator("#uploads-summary")).ToHaveTextAsync("1 image joins the next search.");
        await ScreenshotAsync("uploads-with-captions");
    }

    [TestMethod]
    public async Task DroppedImageIsUploadedAndCaptioned()
    {
        var bytes = Convert.ToBase64String(await File.ReadAllBytesAsync(ApplePhoto));
        // A DataTransfer holding a real File, built in the page - what the browser hands over when a file is dropped.
        var dataTransfer = await Page.EvaluateHandleAsync(
            """
            b64 => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], "dropped-apple.png", { type: "image/png" }));
              return transfer;
            }
            """, bytes);
        var zone = Page.GetByTestId("dropzone");

        await zone.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer });
        await Expect(zone).ToHaveClassAsync(new Regex("is-over"));
        await Page.RunAndWaitForResponseAsync(
            () => zone.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = dataTransfer }),
            r => r.Url.EndsWith("/uploads", StringComparison.Ordinal) && r.Status == 201);

        await Expect(zone).Not.ToHaveClassAsync(new Regex("is-over"));
        await Expect(Uploads).ToHaveCountAsync(1);
        await Expect(Uploads.First.Locator(".upload-name")).ToHaveTextAsync("dropped-apple.png");
        await Expect(Uploads.First.Locator(".upload-caption")).ToHaveTextAsync(new Regex("apple", RegexOptions.IgnoreCase));
    }

    [TestMethod]
    public async Task SearchByImageThenByImageAndTextThenByTextAlone()
    {
        await Page.RunAndWaitForResponseAsync(() => ChooseFilesAsync(ApplePhoto), r => r.Url.EndsWith("/uploads", StringComparison.Ordinal));
        await Expect(Uploads.First.Locator(".upload-caption")).ToBeVisibleAsync();
        var uploadId = await Uploads.First.GetAttributeAsync("data-id");

        // Image alone: the catalog's apple photos come first.
        var byImage = await RunAndWaitForApiAsync("/search", () => Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync());
        var body = BodyOf(byImage);
        Assert.AreEqual(uploadId, body.GetProperty("uploadIds")[0].GetString());
        Assert.IsFalse(body.TryGetProperty("query", out _), "no words were typed");
        var descriptions = await ResultTextsAsync("description");
        Assert.IsTrue(descriptions.Take(4).All(d => Apple().IsMatch(d)), string.Join(" | ", descriptions));
        await Expect(Page.GetByTestId("status")).ToContainTextAsync("results for 1 of your images");

        // Image and words.
        var both = await SearchAsync("green");
        body = BodyOf(both);
        Assert.AreEqual("green", body.GetProperty("query").GetString());
        Assert.AreEqual(uploadId, body.GetProperty("uploadIds")[0].GetString());
        await Expect(Page.GetByTestId("effective-query")).ToContainTextAsync("green");
        Assert.IsTrue(Apple().IsMatch((await ResultTextsAsync("description"))[0]), "an apple photo still leads");

        // Untick the image: words alone.
        await Uploads.First.GetByRole(AriaRole.Checkbox).UncheckAsync();
        await Expect(Page.Locator("#uploads-summary")).ToHaveTextAsync("None of your images join the next search.");
        var wordsOnly = await SearchAsync("green");
        Assert.AreEqual(0, BodyOf(wordsOnly).GetProperty("uploadIds").GetArrayLength());
    }

    [TestMethod]
    public async Task UnsupportedFileGetsItsOwnErrorWhileTheImageNextToItIsCaptioned()
    {
        ExpectedConsoleErrors.Add("Failed to load resource: the server responded with a status of 415");
        var text = Path.Combine(Path.GetTempPath(), $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(text, "shopping list: apples, pears");
        try
        {
            await ChooseFilesAsync(text, ApplePhoto);

            var bad = Uploads.Filter(new() { HasText = Path.GetFileName(text) });
            await Expect(bad.GetByTestId("upload-error")).ToHaveTextAsync(NotAnImage);
            await Expect(bad.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
            var good = Uploads.Filter(new() { HasText = "apple_fuji.png" });
            await Expect(good.Locator(".upload-caption")).ToHaveTextAsync(new Regex("apple", RegexOptions.IgnoreCase));
            await ScreenshotAsync("upload-error");

            await bad.GetByRole(AriaRole.Button, new() { Name = $"Dismiss {Path.GetFileName(text)}" }).ClickAsync();
            await Expect(Uploads).ToHaveCountAsync(1);
            await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Choose images…" })).ToBeFocusedAsync();
        }
        finally
        {
            File.Delete(text);
        }
    }

    [TestMethod]
    public async Task SixthImageIsRefusedOnThePageAndThePickerTurnsOff()
    {
        var photos = DemoStamp.All().Where(s => s.Category == "animals").Take(6).Select(s => s.Path).ToArray();

        await ChooseFilesAsync(photos);

        await Expect(Page.Locator("#uploads .upload.is-ready")).ToHaveCountAsync(5, new() { Timeout = 30_000 });
        var sixth = Uploads.Nth(5);
        await Expect(sixth.GetByTestId("upload-error")).ToHaveTextAsync("At most 5 images per session; Reset starts a new one.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Choose images…" })).ToBeDisabledAsync();
        await Expect(Page.Locator("#uploads-summary")).ToHaveTextAsync("5 images join the next search.");
    }

    [GeneratedRegex(@"\bapple\b", RegexOptions.IgnoreCase)]
    private static partial Regex Apple();
}
