using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;

namespace SupportBot.Presentation;

/// <summary>
/// A Slack message built as System.Text.Json nodes (cards/) as the Newtonsoft tree an activity's channelData carries
/// (the Slack sender and the tenant pacer read it), node by node rather than written out and parsed again. Strings stay
/// strings (a parse turned ISO dates into dates); numbers and anything unusual are carried as written. Teams cards go
/// as their JSON text instead (<see cref="CardAttachmentJson"/>).
/// </summary>
public static class NewtonsoftTree
{
    public static JObject From(JsonObject node)
    {
        var result = new JObject();
        foreach (var (name, value) in node) result.Add(name, FromNode(value));
        return result;
    }

    private static JToken FromNode(JsonNode? node) => node switch
    {
        null => JValue.CreateNull(),
        JsonObject o => From(o),
        JsonArray a => new JArray(a.Select(FromNode)),
        JsonValue v => FromValue(v),
        _ => JToken.Parse(node.ToJsonString()),
    };

    private static JToken FromValue(JsonValue value)
    {
        if (value.TryGetValue<string>(out var text)) return new JValue(text);
        if (value.TryGetValue<bool>(out var flag)) return new JValue(flag);
        if (value.TryGetValue<int>(out var number)) return new JValue(number);
        if (value.TryGetValue<long>(out var big)) return new JValue(big);
        if (value.TryGetValue<JsonElement>(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: return new JValue(element.GetString());
                case JsonValueKind.True: return new JValue(true);
                case JsonValueKind.False: return new JValue(false);
                case JsonValueKind.Null: return JValue.CreateNull();
            }
        }
        return JToken.Parse(value.ToJsonString());
    }
}
