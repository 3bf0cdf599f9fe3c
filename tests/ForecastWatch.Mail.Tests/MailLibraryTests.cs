namespace ForecastWatch.Mail.Tests;

public sealed class MailLibraryTests
{
    [Fact]
    public void ProductName_IsAsciiToken()
    {
        Assert.Matches("^[A-Za-z.]+$", MailLibrary.ProductName);
    }
}
