using ImageSearch.Core.Admin;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Admin;

[TestClass]
public sealed class AdminKeyValidatorTests
{
    private const string Strong = "9f2c7a1e-4b8d-4e0f-a6c3-5d7e9b1f2a40"; // 36 bytes

    [TestMethod]
    [DataRow(AdminOptions.SampleKey, DisplayName = "the sample's key")]
    [DataRow("short-but-secret-key-0123456789", DisplayName = "31 bytes")]
    public void OutsideDevelopmentAWeakKeyKeepsAdminAccessClosedEvenWhenPresented(string configured)
    {
        var refused = Assert.ThrowsExactly<ImageSearchException>(() => Validator(configured, "Production").Demand(configured));

        Assert.AreEqual("admin-key-weak", refused.Code);
        Assert.AreEqual(ErrorKind.Forbidden, refused.Kind);
    }

    [TestMethod]
    public void WithoutAHostEnvironmentTheStrictRuleApplies()
    {
        var validator = new AdminKeyValidator(Options.Create(new AdminOptions { ApiKey = AdminOptions.SampleKey }));

        var refused = Assert.ThrowsExactly<ImageSearchException>(() => validator.Demand(AdminOptions.SampleKey));

        Assert.AreEqual("admin-key-weak", refused.Code);
    }

    [TestMethod]
    public void InDevelopmentTheSampleKeyWorks() => Validator(AdminOptions.SampleKey, "Development").Demand(AdminOptions.SampleKey);

    [TestMethod]
    [DataRow("Production")]
    [DataRow("Staging")]
    public void AStrongKeyWorksEverywhere(string environment) => Validator(Strong, environment).Demand(Strong);

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("9f2c7a1e-4b8d-4e0f-a6c3-5d7e9b1f2a41")]
    public void AnyOtherPresentedKeyIsInvalid(string? presented)
    {
        var refused = Assert.ThrowsExactly<ImageSearchException>(() => Validator(Strong, "Production").Demand(presented));

        Assert.AreEqual("admin-key-invalid", refused.Code);
    }

    [TestMethod]
    public void NoConfiguredKeyMeansAdminIsDisabled()
    {
        var refused = Assert.ThrowsExactly<ImageSearchException>(() => Validator(null, "Development").Demand("anything"));

        Assert.AreEqual("admin-disabled", refused.Code);
    }

    private static AdminKeyValidator Validator(string? key, string environment) =>
        new(Options.Create(new AdminOptions { ApiKey = key }), new Environment(environment));

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "ImageSearch";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
