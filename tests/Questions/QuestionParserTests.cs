using SupportBot.Conversation;
using SupportBot.Digests;
using SupportBot.OnCall;
using SupportBot.Questions;

namespace SupportBot.Tests.Questions;

public sealed class QuestionParserTests
{
    /// <summary>The words of the commands the bot really has (on-call and subscriptions), as the question skill gets them.</summary>
    private static readonly IReadOnlySet<string> CommandWords =
        OnCallCommandParser.Commands.SelectMany(c => c.Aliases).Concat(SubscriptionCommand.Verbs).Append("subscribe").ToHashSet();

    private static Question? Parse(string text) => QuestionParser.Parse(CommandText.Normalize(text), CommandWords);

    [Theory]
    [InlineData("what's down?")]
    [InlineData("Any incidents?")]
    [InlineData("STATUS!!")]
    [InlineData("stauts")]
    [InlineData("is anything broken right now?")]
    public void Overview_questions(string text) => Assert.IsType<Question.Overview>(Parse(text));

    [Theory]
    [InlineData("is checkout ok?", "checkout")]
    [InlineData("Status of Payments", "payments")]
    [InlineData("how is checkout api doing?", "checkout api")]
    [InlineData("is chekout down", "chekout")]
    [InlineData("checkout status", "checkout")]
    public void Service_status_questions(string text, string service) =>
        Assert.Equal(new Question.ServiceStatus(service), Parse(text));

    [Theory]
    [InlineData("what happened to INC-42", 42)]
    [InlineData("tell me about incident 7", 7)]
    [InlineData("#13?", 13)]
    [InlineData("whats up with inc 5", 5)]
    public void Incident_questions(string text, int number) => Assert.Equal(new Question.Incident(number), Parse(text));

    [Fact]
    public void Logs_with_the_default_window()
    {
        var q = Assert.IsType<Question.Logs>(Parse("logs checkout"));
        Assert.Equal("checkout", q.Service);
        Assert.IsType<LogWindow.Default>(q.Window);
        Assert.False(q.ErrorsOnly);
    }

    [Theory]
    [InlineData("logs checkout last 30m", 30)]
    [InlineData("logs checkout 15m", 15)]
    [InlineData("Logs for checkout, last 2 hours", 120)]
    [InlineData("lgos checkout past hour", 60)]
    [InlineData("show me the logs of checkout for the last 45 minutes", 45)]
    public void Logs_for_the_last_span(string text, int minutes)
    {
        var q = Assert.IsType<Question.Logs>(Parse(text));
        Assert.Equal("checkout", q.Service);
        Assert.Equal(new LogWindow.Last(TimeSpan.FromMinutes(minutes)), q.Window);
    }

    [Theory]
    [InlineData("errors in payments since 10:00", 10, 0)]
    [InlineData("errros in payments since 9:30 UTC", 9, 30)]
    [InlineData("errors in payments since 2pm", 14, 0)]
    public void Errors_since_a_time_of_day(string text, int hour, int minute)
    {
        var q = Assert.IsType<Question.Logs>(Parse(text));
        Assert.Equal("payments", q.Service);
        Assert.True(q.ErrorsOnly);
        Assert.Equal(new LogWindow.Since(new TimeOnly(hour, minute)), q.Window);
    }

    [Fact]
    public void Logs_of_an_incident()
    {
        var q = Assert.IsType<Question.Logs>(Parse("logs for INC-42"));
        Assert.Equal(42, q.IncidentNumber);
        Assert.Null(q.Service);
    }

    [Fact]
    public void Windows_longer_than_a_week_are_cut_to_a_week() =>
        Assert.Equal(new LogWindow.Last(QuestionParser.MaxWindow), Assert.IsType<Question.Logs>(Parse("logs checkout last 90d")).Window);

    [Theory]
    [InlineData("draft reply for 42", 42)]
    [InlineData("Draft a customer reply for INC-42", 42)]
    [InlineData("drfat reply 42", 42)]
    public void Draft_questions(string text, int number) => Assert.Equal(new Question.Draft(number), Parse(text));

    [Fact]
    public void Draft_without_a_number_is_still_a_draft_question() => Assert.Equal(new Question.Draft(null), Parse("draft reply"));

    [Theory]
    [InlineData("ack 42")]
    [InlineData("assign INC-42 me")]
    [InlineData("resolve 42 fixed by failover")]
    [InlineData("update 42 identified: db failover")]
    [InlineData("note 42 customer X affected")]
    [InlineData("severity 42 critical")]
    [InlineData("timeline 42")]
    [InlineData("history 42")]
    public void On_call_commands_are_left_to_their_skill(string text) => Assert.Null(Parse(text));

    [Theory]
    [InlineData("checkout?", "checkout")]
    [InlineData("payments api", "payments api")]
    public void A_bare_name_may_be_a_service(string text, string service) => Assert.Equal(new Question.MaybeService(service), Parse(text));

    [Fact]
    public void Chatter_is_not_a_question() => Assert.Null(Parse("could you please forward this long message to the whole team today"));
}
