using SupportBot.Conversation;

namespace SupportBot.Tests.Questions;

/// <summary>Chat text is cut to a bound before anything parses it: a megabyte of text costs no more than a command.</summary>
public sealed class ChatTextBoundTests
{
    [Fact]
    public void Normalized_text_is_never_longer_than_the_bound()
    {
        var huge = "status " + string.Concat(Enumerable.Repeat("checkout-api is down again ", 40_000));
        Assert.True(huge.Length > 1_000_000);

        Assert.InRange(CommandText.Normalize(huge).Length, 1, CommandText.MaxChars);
        Assert.Equal(CommandText.MaxChars, CommandText.Bounded(huge).Length);
    }

    [Fact]
    public void Short_text_is_untouched_by_the_bound() =>
        Assert.Equal("status checkout", CommandText.Normalize("Status   checkout?"));
}
