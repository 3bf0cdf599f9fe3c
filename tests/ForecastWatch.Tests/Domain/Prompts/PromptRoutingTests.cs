using ForecastWatch.Domain.Prompts;

namespace ForecastWatch.Tests.Domain.Prompts;

public sealed class PromptRoutingTests
{
    private static PromptRouting CreateSut() => new(
        [
            new PromptContact("A", "a@example.test", ["AINews"], []),
            new PromptContact("B", "b@example.test", [], ["economy"]),
        ],
        [new PromptContact("Chief", "chief@example.test", [], ["economy"])],
        "Desk@Example.test");

    private static PromptSubject Subject(string? outlet, string[] tags, string[]? editors = null) =>
        new("x", new DateOnly(2027, 1, 1), true, outlet, tags, editors ?? []);

    [Fact]
    public void EditorsFor_OutletAndTagMatch_BothEditors()
    {
        var sut = CreateSut();

        Assert.Equal(["a@example.test", "b@example.test"], sut.EditorsFor(Subject("ainews", ["Economy"])));
    }

    [Fact]
    public void EditorsFor_ManifestNamesEditors_OverridesRouting()
    {
        var sut = CreateSut();

        Assert.Equal(["own@example.test"], sut.EditorsFor(Subject("AINews", [], ["Own@Example.test", "own@example.test"])));
    }

    [Fact]
    public void EditorsFor_NoMatch_DefaultDesk()
    {
        Assert.Equal(["desk@example.test"], CreateSut().EditorsFor(Subject("Other", [])));
    }

    [Fact]
    public void ChiefsFor_NoChiefCovers_DefaultDesk()
    {
        var sut = CreateSut();

        Assert.Equal(["desk@example.test"], sut.ChiefsFor(Subject("AINews", [])));
        Assert.Equal(["chief@example.test"], sut.ChiefsFor(Subject("AINews", ["economy"])));
    }

    [Fact]
    public void MayResolve_Outsider_False()
    {
        var sut = CreateSut();

        Assert.True(sut.MayResolve(Subject("AINews", []), "A@example.test"));
        Assert.False(sut.MayResolve(Subject("AINews", []), "b@example.test"));
    }
}
