using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SupportBot.Tests.Infrastructure;

/// <summary>Raw posts to a bot process's /api/messages, with or without a bearer token, and the reasons it answers with.</summary>
public static class ChatDoor
{
    public static Task<HttpResponseMessage> PostActivityAsync(this BotProcess bot, string json, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return bot.Http.SendAsync(request);
    }

    /// <summary>The detail of an application/problem+json answer (asserting that it is one).</summary>
    public static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
    }
}
