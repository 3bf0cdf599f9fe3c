using System.Collections;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Tests.Hosting;

public sealed class SecretsFileConfigurationProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fw-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSecret(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static IConfigurationRoot CreateSut(IDictionary environment) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(environment.Cast<DictionaryEntry>()
                .Where(static e => !((string)e.Key).EndsWith("_FILE", StringComparison.Ordinal))
                .Select(static e =>
                    new KeyValuePair<string, string?>(((string)e.Key).Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .AddSecretFiles(environment)
            .Build();

    [Fact]
    public void Load_FileVariable_ProvidesKeyWithoutSuffix()
    {
        var path = WriteSecret("smtp", "hunter2");

        var sut = CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = path });

        Assert.Equal("hunter2", sut["ForecastWatch:Smtp:Password"]);
        Assert.Null(sut["ForecastWatch:Smtp:Password_FILE"]);
    }

    [Theory]
    [InlineData("hunter2\n")]
    [InlineData("hunter2\r\n")]
    [InlineData("hunter2\n\n")]
    public void Load_TrailingNewline_IsNotPartOfSecret(string content)
    {
        var path = WriteSecret("smtp", content);

        var sut = CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = path });

        Assert.Equal("hunter2", sut["ForecastWatch:Smtp:Password"]);
    }

    [Fact]
    public void Load_InnerWhitespace_IsKept()
    {
        var path = WriteSecret("smtp", " pass word ");

        var sut = CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = path });

        Assert.Equal(" pass word ", sut["ForecastWatch:Smtp:Password"]);
    }

    [Fact]
    public void Load_FileAndPlainVariable_FileWins()
    {
        var path = WriteSecret("smtp", "from-file");

        var sut = CreateSut(new Hashtable
        {
            ["ForecastWatch__Smtp__Password"] = "plain",
            ["ForecastWatch__Smtp__Password_FILE"] = path,
        });

        Assert.Equal("from-file", sut["ForecastWatch:Smtp:Password"]);
    }

    [Fact]
    public void Load_PlainVariableOnly_IsUnchanged()
    {
        var sut = CreateSut(new Hashtable { ["ForecastWatch__Imap__Password"] = "plain" });

        Assert.Equal("plain", sut["ForecastWatch:Imap:Password"]);
    }

    [Fact]
    public void Load_PrefixIsCaseInsensitive_ProvidesKey()
    {
        var path = WriteSecret("imap", "s");

        var sut = CreateSut(new Hashtable { ["FORECASTWATCH__IMAP__PASSWORD_FILE"] = path });

        Assert.Equal("s", sut["ForecastWatch:Imap:Password"]);
    }

    [Fact]
    public void Load_MailSection_ProvidesKey()
    {
        var path = WriteSecret("user", "desk@example.org");

        var sut = CreateSut(new Hashtable { ["Mail__Smtp__UserName_FILE"] = path });

        Assert.Equal("desk@example.org", sut["Mail:Smtp:UserName"]);
    }

    [Theory]
    [InlineData("SSL_CERT_FILE")]
    [InlineData("FW_SMTP_PASSWORD_FILE")]
    [InlineData("TF_CLI_CONFIG_FILE")]
    [InlineData("ForecastWatch___FILE")]
    public void Load_UnrelatedFileVariable_IsIgnoredEvenIfMissing(string name)
    {
        var sut = CreateSut(new Hashtable { [name] = "/no/such/file" });

        Assert.Empty(sut.GetSecretFileKeys());
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingVariableAndPath()
    {
        var missing = Path.Combine(_dir, "absent");

        var ex = Assert.Throws<InvalidOperationException>(() =>
            CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = missing }));

        Assert.Contains("ForecastWatch__Smtp__Password_FILE", ex.Message, StringComparison.Ordinal);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyPath_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = "" }));

        Assert.Contains("ForecastWatch__Smtp__Password_FILE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSecretFileKeys_ReportsKeyAndPathButNotValue()
    {
        var path = WriteSecret("smtp", "hunter2");

        var sut = CreateSut(new Hashtable { ["ForecastWatch__Smtp__Password_FILE"] = path });

        var keys = sut.GetSecretFileKeys();
        Assert.Equal(path, keys["ForecastWatch:Smtp:Password"]);
        Assert.DoesNotContain(keys.Values, static v => v.Contains("hunter2", StringComparison.Ordinal));
    }
}
