namespace SupportBot.Cards;

/// <summary>What the chat platforms accept; renderers cut content to fit and say how much they left out.</summary>
public static class CardLimits
{
    /// <summary>Teams rejects bot messages over about 100 KB (413 MessageSizeTooBig); stay well below.</summary>
    public const int TeamsMessageBytes = 80 * 1024;
    /// <summary>Top-level card actions a Teams-like host shows (the renderer's default maxActions).</summary>
    public const int TeamsActions = 5;
    public const int BriefingLinks = 10;
    public const int BriefingUpdates = 3;
    public const int UpdateChars = 1000;
    public const int TitleChars = 300;

    public const int SlackBlocks = 50;
    public const int SlackSectionChars = 3000;
    public const int SlackFields = 10;
    public const int SlackFieldChars = 2000;

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    public static string More(int n, string what = "more") => $"…and {n} {what}";
}
