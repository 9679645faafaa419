using System.Text;

namespace SupportBot.Cards;

/// <summary>
/// Untrusted text in an Adaptive Card TextBlock, which renders a markdown subset: a backslash before every markdown
/// character, so "**x**", "[click](http://evil)" or "# title" show as typed instead of as formatting or a link.
/// </summary>
public static class TeamsText
{
    private const string Special = "\\`*_[]()#<>~|";

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
