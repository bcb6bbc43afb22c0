using ImageSearch.Functions.Standalone;

namespace ImageSearch.Tests.Standalone;

[TestClass]
public sealed class StandaloneModeTests
{
    // What Azure Functions Core Tools / the host pass to a dotnet-isolated worker.
    private static readonly string[] HostArguments =
    [
        "--host", "127.0.0.1", "--port", "51234", "--workerId", "7a22e78c", "--requestId", "87a6eb21", "--grpcMaxMessageLength", "2147483647",
        "--functions-uri", "http://127.0.0.1:51234/", "--functions-worker-id", "7a22e78c", "--functions-request-id", "87a6eb21",
        "--functions-grpc-max-message-length", "2147483647",
    ];

    [TestMethod]
    public void PlainStartIsStandalone() => Assert.IsTrue(StandaloneMode.IsRequested([]));

    [TestMethod]
    public void UrlsArgumentsAloneAreStandalone() => Assert.IsTrue(StandaloneMode.IsRequested(["--urls", "http://127.0.0.1:0"]));

    [TestMethod]
    public void StartedByTheFunctionsHostIsNotStandalone() => Assert.IsFalse(StandaloneMode.IsRequested(HostArguments));

    [TestMethod]
    public void FunctionsUriAloneIsTheHost() => Assert.IsFalse(StandaloneMode.IsRequested(["--functions-uri", "http://127.0.0.1:51234/"]));

    [TestMethod]
    public void LegacyWorkerIdIsTheHost() =>
        Assert.IsFalse(StandaloneMode.IsRequested(["--host", "127.0.0.1", "--port", "51234", "--workerId", "7a22e78c"]));

    [TestMethod]
    public void StandaloneSwitchWins() => Assert.IsTrue(StandaloneMode.IsRequested([.. HostArguments, "--standalone"]));

    [TestMethod]
    public void StandaloneSettingForcesEitherWay()
    {
        Assert.IsTrue(StandaloneMode.IsRequested([.. HostArguments, "--Standalone:Enabled=true"]));
        Assert.IsFalse(StandaloneMode.IsRequested(["--Standalone:Enabled", "false"]));
    }

    [TestMethod]
    public void SwitchIsRemovedBeforeItCanSwallowTheNextArgument() =>
        CollectionAssert.AreEqual(new[] { "--urls", "http://127.0.0.1:0" }, StandaloneMode.WithoutSwitch(["--standalone", "--urls", "http://127.0.0.1:0"]));
}
