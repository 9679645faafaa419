using System.Net.Http.Json;
using System.Text.Json;

namespace SupportBot.Tests.Infrastructure;

/// <summary>What the bot's outbox gave up on, as an admin sees it (GET /api/admin/outbox/dead-letters).</summary>
public static class DeadLetters
{
    /// <summary>The dead letters, only those of <paramref name="kind"/> (Card, Reply, Post, ...) when given.</summary>
    public static async Task<List<JsonElement>> ListAsync(HttpClient bot, string? kind = null) =>
        (await bot.GetFromJsonAsync<JsonElement>("/api/admin/outbox/dead-letters")).EnumerateArray()
        .Where(d => kind is null || d.GetProperty("kind").GetString() == kind).ToList();
}
