using ForecastWatch.Mailing;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

public sealed class RealMailValidatorTests
{
    private static EditorsOptions Editors(string address = "ed@news.org") => new()
    {
        DefaultDesk = "desk@news.org",
        Editors = [new EditorEntry { Name = "Ed", Address = address, Outlets = ["Outlet"] }],
    };

    private static MailingOptions Smtp(string domain = "news.org") => new()
    {
        Transport = MailTransports.Smtp,
        From = $"ForecastWatch <fw@{domain}>",
        DeskAddress = $"desk@{domain}",
        MessageIdDomain = domain,
    };

    private static ValidateOptionsResult Validate(MailingOptions mailing, EditorsOptions editors, DigestOptions? digest = null) =>
        new RealMailValidator(Options.Create(editors), Options.Create(digest ?? new DigestOptions())).Validate(null, mailing);

    [Fact]
    public void Validate_SmtpWithOwnDomainsAndAnEditor_Succeeds()
    {
        Assert.True(Validate(Smtp(), Editors()).Succeeded);
    }

    [Fact]
    public void Validate_SmtpWithShippedDefaults_RefusedNamingEveryKey()
    {
        var digest = new DigestOptions { Recipients = ["boss@example.org"] };

        var result = Validate(new MailingOptions { Transport = MailTransports.Smtp }, new EditorsOptions(), digest);

        Assert.True(result.Failed);
        foreach (var key in (string[])[
            "ForecastWatch:Mailing:From", "ForecastWatch:Mailing:DeskAddress", "ForecastWatch:Mailing:MessageIdDomain",
            "ForecastWatch:Editors:DefaultDesk", "ForecastWatch:Digest:Recipients:0", "ForecastWatch:Editors:Editors is empty"])
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_OneEditorLeftAtExampleDomain_RefusedNamingIt()
    {
        var editors = Editors();
        editors.Editors.Add(new EditorEntry { Name = "Left over", Address = "editor2@example.test", Outlets = ["X"] });

        var result = Validate(Smtp(), editors);

        Assert.True(result.Failed);
        Assert.StartsWith("ForecastWatch:Editors:Editors:1:Address ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DirectoryTransportOrExplicitAllowance_DefaultsAccepted()
    {
        Assert.True(Validate(new MailingOptions(), new EditorsOptions()).Succeeded);
        var testServer = Smtp("example.test");
        testServer.AllowReservedDomains = true;
        Assert.True(Validate(testServer, Editors("ed@example.test")).Succeeded);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("mail.example.org", true)]
    [InlineData("example.test", true)]
    [InlineData("news.example", true)]
    [InlineData("host.invalid", true)]
    [InlineData("example.com.", true)]
    [InlineData("examples.com", false)]
    [InlineData("example-news.org", false)]
    [InlineData("news.org", false)]
    [InlineData("localhost", false)]
    public void IsReserved_Domains(string domain, bool expected)
    {
        Assert.Equal(expected, RealMailValidator.IsReserved(domain));
    }
}
