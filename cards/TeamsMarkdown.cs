using System.Text;

namespace SupportBot.Cards;

/// <summary>
/// Untrusted text (alert titles and descriptions, names, notes, log lines, what a rep typed) as literal text in an
/// Adaptive Card TextBlock or FactSet, whose text is markdown in Teams and in the JavaScript renderer (markdown-it with
/// linkify, as /dev uses it). CommonMark backslash escapes keep every markdown character literal, so
/// <c>[phish](https://evil.example)</c> stays text, <c>*</c>/<c>_</c> change no formatting and <c>&lt;at&gt;</c> is no
/// mention; a dot inside a host name and the colon of <c>scheme://</c> are escaped too, so linkify makes no link from a
/// bare URL either. The bot's own markup goes around the escaped text, never through this.
/// </summary>
public static class TeamsMarkdown
{
    private const string AlwaysEscaped = "\\`*_~[]()<>#|!{}&";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { s.Append(c); lineStart = true; continue; }
            if (lineStart && c is ' ' or '\t') { s.Append(c); continue; }
            if (AlwaysEscaped.Contains(c)
                || (lineStart && c is '-' or '+' or '=')                                   // list items, setext headings
                || (c is '.' or ')' && IsListNumber(text, i))                               // "1. item"
                || (c == '.' && i > 0 && char.IsLetterOrDigit(text[i - 1]) && i + 1 < text.Length && char.IsLetter(text[i + 1])) // host names: evil.com
                || (c == ':' && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')                                 // https://
                || (c == '@' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))                                        // mailto fuzzy links
                s.Append('\\');
            s.Append(c);
            lineStart = false;
        }
        return s.ToString();
    }

    /// <summary>Whether the '.' or ')' at <paramref name="at"/> ends the digits that open a line.</summary>
    private static bool IsListNumber(string text, int at)
    {
        var start = at;
        while (start > 0 && char.IsAsciiDigit(text[start - 1])) start--;
        if (start == at) return false;
        var before = start - 1;
        while (before >= 0 && text[before] is ' ' or '\t') before--;
        return before < 0 || text[before] == '\n';
    }
}
