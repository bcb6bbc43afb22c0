using System.Text;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// The response checks can fail: answers that break the contract in each way it speaks of (an unknown field, a missing
/// one, a wrong value, an undocumented status, media type or route, a missing header, a problem type under another
/// status) are caught, and a conforming answer is not.
/// </summary>
[TestClass]
public sealed class ContractValidatorTests
{
    private const string SessionPath = "/api/sessions/Jx2qPbm0c6YZtq2kBzvHq1M0sYd4Qy0A2mR3xwVvE7k";

    private const string Session = """
        { "sessionId": "Jx2qPbm0c6YZtq2kBzvHq1M0sYd4Qy0A2mR3xwVvE7k", "createdAt": "2026-11-24T12:00:00+00:00",
          "lastActivity": "2026-11-24T12:00:00+00:00", "idleTimeoutMinutes": 30, "query": null, "effectiveQuery": null,
          "uploadIds": [], "refinements": [], "results": [], "uploads": [], "uploadCount": 0,
          "controls": { "filter": { "category": null, "tags": [], "sources": [], "importedFrom": null, "importedTo": null },
                        "autocut": 0, "minScore": null, "order": "relevance" } }
        """;

    private const string Problem = """
        { "type": "https://imagesearch.dev/problems/session-not-found", "title": "Session not found", "status": 404,
          "detail": "The session does not exist or has expired. Create a new session.", "instance": "/api/sessions/x", "traceId": "0H1" }
        """;

    private static readonly Dictionary<string, string> ProblemHeaders = new(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-cache,no-store" };

    [TestMethod]
    public void ConformingAnswersPass()
    {
        Assert.IsEmpty(Validate("GET", SessionPath, 200, "application/json", Session));
        Assert.IsEmpty(Validate("GET", SessionPath, 404, "application/problem+json", Problem, ProblemHeaders));
        Assert.IsEmpty(Validate("DELETE", SessionPath, 204, null, ""));
        Assert.IsEmpty(Validate("GET", "/app.js", 200, "text/javascript", "export {};"), "the page's files are not API");
    }

    [TestMethod]
    public void UnknownFieldFails() =>
        AssertFails(Validate("GET", SessionPath, 200, "application/json", Session.Replace("\"uploadCount\": 0", "\"uploadCount\": 0, \"ok\": true", StringComparison.Ordinal)), "/ok");

    [TestMethod]
    public void MissingFieldFails() =>
        AssertFails(Validate("GET", SessionPath, 200, "application/json", Session.Replace(", \"uploadCount\": 0", "", StringComparison.Ordinal)), "uploadCount");

    [TestMethod]
    public void WrongTypeFails() =>
        AssertFails(Validate("GET", SessionPath, 200, "application/json", Session.Replace("\"idleTimeoutMinutes\": 30", "\"idleTimeoutMinutes\": \"30\"", StringComparison.Ordinal)), "/idleTimeoutMinutes");

    [TestMethod]
    public void UndocumentedStatusFails() =>
        AssertFails(Validate("GET", SessionPath, 409, "application/problem+json", Problem, ProblemHeaders), "409 is not documented");

    [TestMethod]
    public void UndocumentedMediaTypeFails() =>
        AssertFails(Validate("GET", SessionPath, 200, "text/plain", "hello"), "text/plain");

    [TestMethod]
    public void ProblemTypeUnderAnotherStatusFails() =>
        AssertFails(Validate("POST", SessionPath + "/search", 400, "application/problem+json",
            Problem.Replace("\"status\": 404", "\"status\": 400", StringComparison.Ordinal), ProblemHeaders), "/type");

    [TestMethod]
    public void MissingRequiredHeaderFails() =>
        AssertFails(Validate("GET", SessionPath, 404, "application/problem+json", Problem), "Cache-Control");

    [TestMethod]
    public void UnknownRouteMustAnswer404() =>
        AssertFails(Validate("GET", "/api/no-such-thing", 200, "application/json", "{}"), "not an operation");

    [TestMethod]
    public void WrongMethodMustAnswerTheHosts404Not405() =>
        AssertFails(Validate("DELETE", "/api/health", 405, "application/problem+json", "{}"), "not 404");

    private static IReadOnlyList<string> Validate(
        string method, string path, int status, string? mediaType, string body, Dictionary<string, string>? headers = null) =>
        ContractValidator.Validate(new ApiExchange(method, path, status,
            headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), mediaType, Encoding.UTF8.GetBytes(body)));

    private static void AssertFails(IReadOnlyList<string> violations, string naming)
    {
        Assert.IsNotEmpty(violations, "the contract check let it through");
        Assert.IsTrue(violations.Any(v => v.Contains(naming, StringComparison.Ordinal)), $"no violation names {naming}:\n{string.Join("\n", violations)}");
    }
}
