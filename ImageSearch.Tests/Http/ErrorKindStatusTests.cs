using ImageSearch.Core.Errors;
using ImageSearch.Functions.Http;

namespace ImageSearch.Tests.Http;

/// <summary>Core throws kinds of errors; the HTTP layer alone turns them into status codes, never a 500.</summary>
[TestClass]
public sealed class ErrorKindStatusTests
{
    [TestMethod]
    [DataRow(ErrorKind.Invalid, 400)]
    [DataRow(ErrorKind.Forbidden, 403)]
    [DataRow(ErrorKind.NotFound, 404)]
    [DataRow(ErrorKind.Conflict, 409)]
    [DataRow(ErrorKind.TooLarge, 413)]
    [DataRow(ErrorKind.UnsupportedFormat, 415)]
    [DataRow(ErrorKind.Unavailable, 503)]
    public void EachKindHasItsStatus(ErrorKind kind, int status)
    {
        var problem = ProblemDetailsMapper.Map(new ImageSearchException("some-code", kind, "Title", "Detail."));

        Assert.AreEqual(status, problem.Status);
        Assert.AreEqual("https://imagesearch.dev/problems/some-code", problem.Type);
        Assert.AreEqual("Detail.", problem.Detail);
    }

    [TestMethod]
    public void EveryKindIsCovered()
    {
        var unmapped = Enum.GetValues<ErrorKind>().Where(k => ProblemDetailsMapper.StatusOf(k) == 500).ToList();

        Assert.IsEmpty(unmapped, "a domain error is the client's to act on, never a 500: " + string.Join(", ", unmapped));
    }
}
