using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Channels;

namespace SupportBot.Conversation;

/// <summary>
/// Button presses, turned into the chat command they stand for, so that buttons and typed commands share one path:
/// Adaptive Card Action.Execute/Action.Submit data {verb, incident, status, text, note, confirm} and Slack Block Kit
/// button clicks (action_id = verb, value = "INC-42 [confirm]").
/// </summary>
public static class CardActions
{
    /// <summary>The verbs of the buttons the bot puts on its cards; anything else is not a button of ours.</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { "ack", "update", "resolve" };

    public static string? ToCommand(string? verb, JObject? data)
    {
        verb ??= data?.Value<string>("verb");
        var incident = data?.Value<string>("incident");
        if (verb is null || !Verbs.Contains(verb) || string.IsNullOrWhiteSpace(incident)) return null;
        return verb switch
        {
            "update" => $"update {incident} {data!.Value<string>("status")}: {data.Value<string>("text")}".TrimEnd(' ', ':'),
            "resolve" => $"resolve {incident}{(data!.Value<bool?>("confirm") == true ? " confirm" : "")} {data.Value<string>("note")}".TrimEnd(),
            _ => $"{verb} {incident}",
        };
    }

    /// <summary>The command behind a message that carries a button press rather than typed text, or null.</summary>
    public static string? FromMessage(IMessageActivity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.Text)) return null;
        if (activity.Value is JObject submit) return ToCommand(null, submit);
        if (activity.ChannelId == ChannelIds.Slack && activity.ChannelData is JObject channelData)
        {
            // The Slack channel forwards interactive payloads in channelData ("Payload"; some versions spell it "payload").
            var payload = channelData["Payload"] ?? channelData["payload"];
            if (payload?.Type == JTokenType.String) payload = TryParse(payload.ToString());
            if (payload?["actions"]?.FirstOrDefault() is JObject action)
            {
                var verb = action.Value<string>("action_id") ?? action.Value<string>("name");
                var value = action.Value<string>("value");
                if (verb is not null && Verbs.Contains(verb) && !string.IsNullOrWhiteSpace(value)) return $"{verb} {value}";
            }
        }
        return null;
    }

    private static JObject? TryParse(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
