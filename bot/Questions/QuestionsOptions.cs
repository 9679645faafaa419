namespace SupportBot.Questions;

/// <summary>The "Questions" section: the services reps ask about, by name or alias, and how drafts promise updates.</summary>
public sealed class QuestionsOptions
{
    public const string Section = "Questions";

    /// <summary>Known services by their monitoring name (as alerts carry it), e.g. "checkout-api".</summary>
    public Dictionary<string, ServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How far ahead a customer draft promises the next update.</summary>
    public int NextUpdateMinutes { get; set; } = 30;
}

public sealed class ServiceOptions
{
    /// <summary>Other names reps use, e.g. "checkout" for "checkout-api".</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>The name customers know, used in customer drafts (e.g. "Checkout").</summary>
    public string? DisplayName { get; set; }
}
