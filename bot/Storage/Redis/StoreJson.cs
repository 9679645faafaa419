using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Storage.Redis;

/// <summary>How incidents are written into Redis values: camelCase JSON, enums by name so the values read well in redis-cli.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Redis held an empty {typeof(T).Name}.");
}
