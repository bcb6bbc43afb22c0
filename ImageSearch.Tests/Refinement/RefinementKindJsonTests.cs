using System.Text.Json;
using ImageSearch.Core.Refinement;

namespace ImageSearch.Tests.Refinement;

/// <summary>The wire form of a refinement's kind: lower camel case, like every JSON name of the API.</summary>
[TestClass]
public sealed class RefinementKindJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [TestMethod]
    [DataRow(RefinementKind.Feedback, "\"feedback\"")]
    [DataRow(RefinementKind.Select, "\"select\"")]
    [DataRow(RefinementKind.Reject, "\"reject\"")]
    public void KindIsWrittenInLowerCase(RefinementKind kind, string json) => Assert.AreEqual(json, JsonSerializer.Serialize(kind, Web));

    [TestMethod]
    public void SessionsStoredWithTheOldPascalCaseStillLoad() =>
        Assert.AreEqual(RefinementKind.Select, JsonSerializer.Deserialize<RefinementKind>("\"Select\"", Web));

    [TestMethod]
    public void NumbersAreNotKinds() =>
        Assert.ThrowsExactly<JsonException>(() => JsonSerializer.Deserialize<RefinementKind>("1", Web));
}
