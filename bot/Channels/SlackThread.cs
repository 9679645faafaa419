using System.Text.RegularExpressions;

namespace SupportBot.Channels;

public static partial class SlackThread
{
    /// <summary>
    /// The Slack message timestamp ("1700000000.000100") in an activity id the Slack channel gave us; a thread is
    /// addressed by its first message's ts. Ids that carry more than the ts keep it as their last part.
    /// </summary>
    public static string Ts(string activityId) =>
        TsPattern().Match(activityId) is { Success: true } m ? m.Value : activityId;

    [GeneratedRegex(@"\d+\.\d+$")]
    private static partial Regex TsPattern();
}
