using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace SupportBot.Outbox;

/// <summary>Outbox entries hold Bot Framework activities, which are Newtonsoft.Json types: they are stored as Newtonsoft JSON.</summary>
public static class OutboxJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Converters = { new StringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonConvert.SerializeObject(value, Settings);

    public static T Read<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings)
        ?? throw new InvalidDataException($"The outbox held an empty {typeof(T).Name}.");
}
