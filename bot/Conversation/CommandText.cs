using System.Text.RegularExpressions;

namespace SupportBot.Conversation;

/// <summary>Normalizes chat text so that skills match on meaning, not on case, spacing or punctuation.</summary>
public static partial class CommandText
{
    /// <summary>Lower case, mention tags gone, single spaces, curly quotes straightened, trailing punctuation dropped.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = MentionTag().Replace(text, " ").Trim().ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');
        s = Whitespace().Replace(s, " ");
        return s.TrimEnd('?', '!', '.', ' ').TrimStart('/');
    }

    // Teams mentions the adapter did not remove (e.g. the bot mentioned by another name).
    [GeneratedRegex(@"<at>[^<]*</at>")]
    private static partial Regex MentionTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
