using ForecastWatch.Domain.Proposals;

namespace ForecastWatch.Ingestion.Tests;

public sealed class ProposalReplyReaderTests
{
    [Fact]
    public void Read_SeveralCommands_UntilTheFirstOtherLine()
    {
        var reply = ProposalReplyReader.Read(
            "accept 1, 3 4\nREJECT 2\nEdit 5 resolve-by 2027-06-30\nEDIT #6 probability 70%\nACCEPT 7-9\nThanks!\nACCEPT 10\n");

        Assert.True(reply.IsReadable);
        Assert.Equal(5, reply.Commands.Count);
        Assert.Equal([1, 3, 4], reply.Commands[0].Numbers);
        Assert.Equal(ProposalAction.Reject, reply.Commands[1].Action);
        Assert.Equal(new DateOnly(2027, 6, 30), reply.Commands[2].Date);
        Assert.Equal(0.7, reply.Commands[3].Probability!.Value, 6);
        Assert.Equal([7, 8, 9], reply.Commands[4].Numbers);
    }

    [Fact]
    public void Read_AcceptAll_IsAll()
    {
        var command = Assert.Single(ProposalReplyReader.Read("ACCEPT ALL").Commands);

        Assert.True(command.All);
    }

    [Theory]
    [InlineData("Looks good to me")]
    [InlineData("ACCEPT")]
    [InlineData("ACCEPT one")]
    [InlineData("EDIT 3 resolve-by next summer")]
    [InlineData("EDIT 3 colour blue")]
    [InlineData("REJECT 0")]
    [InlineData("")]
    public void Read_NotACommand_ProblemAndNoCommands(string text)
    {
        var reply = ProposalReplyReader.Read(text);

        Assert.False(reply.IsReadable);
        Assert.NotNull(reply.Problem);
    }
}
