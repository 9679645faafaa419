using System.Text.RegularExpressions;

namespace SupportBot.Conversation;

/// <summary>Normalizes chat text so that skills match on meaning, not on case, spacing or punctuation.</summary>
public static partial class CommandText
{
    /// <summary>
    /// The longest chat text the bot reads; the rest is cut before any parsing. Commands and questions are short, and
    /// matching service names by edit distance over megabytes of text would cost seconds of CPU per message.
    /// </summary>
    public const int MaxChars = 4000;

    public static string Bounded(string? text) => text is null ? "" : text.Length <= MaxChars ? text : text[..MaxChars];

    /// <summary>Lower case, mention tags gone, single spaces, curly quotes straightened, trailing punctuation dropped.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = MentionTag().Replace(Bounded(text), " ").Trim().ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');
        s = Whitespace().Replace(s, " ");
        return s.TrimEnd('?', '!', '.', ' ').TrimStart('/');
    }

    // Teams mentions the adapter did not remove (e.g. the bot mentioned by another name).
    [GeneratedRegex(@"<at>[^<]*</at>")]
    private static partial Regex MentionTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
