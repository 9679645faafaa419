using System.Text;

namespace SupportBot.Cards;

/// <summary>
/// Untrusted text in an Adaptive Card TextBlock, which renders a markdown subset: a backslash before the characters
/// that make emphasis, code, headings or links, so "**x**", "[click](http://evil)" or "# title" show as typed.
/// </summary>
public static class TeamsText
{
    private const string Special = "\\`*_[]~#";

    public static string Escape(string s)
    {
        var builder = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            if (Special.Contains(c)) builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
