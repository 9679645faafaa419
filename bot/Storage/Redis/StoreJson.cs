using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Bot.Schema;

namespace SupportBot.Storage.Redis;

/// <summary>
/// How every value is written into Redis: camelCase JSON, enums by name so the values read well in redis-cli.
/// Bot Framework types (activities, conversation references) are Newtonsoft.Json types: they are written by
/// Newtonsoft inside the same document, so one setup serves incidents, queued messages and subscriptions alike.
/// </summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new BotSchemaConverter() },
    };

    /// <summary>Bot Framework conversation and user state: stored with type names, as MemoryStorage and the SDK's own stores do.</summary>
    public static readonly Newtonsoft.Json.JsonSerializer BotState = Newtonsoft.Json.JsonSerializer.Create(
        new Newtonsoft.Json.JsonSerializerSettings { TypeNameHandling = Newtonsoft.Json.TypeNameHandling.All });

    private static readonly Newtonsoft.Json.JsonSerializerSettings BotSchema = new()
    {
        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
        DateParseHandling = Newtonsoft.Json.DateParseHandling.DateTimeOffset,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"Redis held an empty {typeof(T).Name}.");

    private sealed class BotSchemaConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type type) => type.Assembly == typeof(Activity).Assembly;

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ViaNewtonsoft<>).MakeGenericType(type))!;
    }

    private sealed class ViaNewtonsoft<T> : JsonConverter<T>
    {
        public override T? Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return Newtonsoft.Json.JsonConvert.DeserializeObject<T>(document.RootElement.GetRawText(), BotSchema);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteRawValue(Newtonsoft.Json.JsonConvert.SerializeObject(value, BotSchema), skipInputValidation: true);
    }
}
