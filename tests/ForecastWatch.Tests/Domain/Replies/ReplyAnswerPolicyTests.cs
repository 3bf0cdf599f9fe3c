using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyAnswerPolicyTests
{
    private static readonly DateTimeOffset AsOf = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SuppressionReason_Confirmation_IsSent()
    {
        Assert.Null(ReplyAnswerPolicy.SuppressionReason(ReplyAnswerKind.Confirmation, false, false, ReplyRejection.None, null, AsOf));
    }

    [Fact]
    public void SuppressionReason_AutomaticMail_IsNeverAnswered()
    {
        Assert.Equal("automatic mail is never answered",
            ReplyAnswerPolicy.SuppressionReason(ReplyAnswerKind.Rejection, true, false, ReplyRejection.Automatic, null, AsOf));
    }

    [Fact]
    public void SuppressionReason_FailedAuthentication_IsNeverAnswered()
    {
        Assert.Equal("the sender failed authentication",
            ReplyAnswerPolicy.SuppressionReason(ReplyAnswerKind.Rejection, false, true, ReplyRejection.DmarcFailed, null, AsOf));
    }

    [Fact]
    public void SuppressionReason_SameRejectionWithinADay_IsSuppressed()
    {
        Assert.Equal(
            "a Unreadable answer was already sent to this sender in the last 24 hours",
            ReplyAnswerPolicy.SuppressionReason(ReplyAnswerKind.Rejection, false, false, ReplyRejection.Unreadable, AsOf.AddHours(-23),
                AsOf));
    }

    [Fact]
    public void SuppressionReason_SameRejectionAfterADay_IsSent()
    {
        Assert.Null(ReplyAnswerPolicy.SuppressionReason(ReplyAnswerKind.Rejection, false, false, ReplyRejection.Unreadable,
            AsOf.AddHours(-24), AsOf));
    }
}
