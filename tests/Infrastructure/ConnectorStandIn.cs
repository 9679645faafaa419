using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A local stand-in for the Bot Connector service on real Kestrel: records every activity the bot sends
/// (POST /v3/conversations/{id}/activities[/{replyToId}], PUT /v3/conversations/{id}/activities/{activityId})
/// and answers like the real one with a new activity id. <see cref="Fault"/> lets a test answer with errors.
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<(string Conversation, string User), JObject> _members = new();
    private int _nextId;

    /// <summary>Return a status code to fail the call with (and optional Retry-After seconds), or null to accept it.</summary>
    public Func<ConnectorCall, (int Status, int? RetryAfterSeconds)?>? Fault { get; set; }

    /// <summary>Awaited after a call is recorded and before it is answered: lets a test kill the bot while the channel holds its post.</summary>
    public Func<ConnectorCall, Task>? BeforeAnswer { get; set; }

    public string Url { get; }

    private ConnectorStandIn(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var app = Loopback.StandInApp();
        ConnectorStandIn? self = null;
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpContext http) =>
            self!.RecordAsync(http, "POST", conversationId, null));
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", (string conversationId, string replyToId, HttpContext http) =>
            self!.RecordAsync(http, "POST", conversationId, replyToId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext http) =>
            self!.RecordAsync(http, "PUT", conversationId, activityId));
        app.MapGet("/v3/conversations/{conversationId}/members/{userId}", (string conversationId, string userId) =>
            self!._members.TryGetValue((Uri.UnescapeDataString(conversationId), Uri.UnescapeDataString(userId)), out var member)
                ? Results.Text(member.ToString(), "application/json")
                : Results.NotFound());
        await app.StartAsync();
        self = new ConnectorStandIn(app, app.Urls.First().TrimEnd('/') + "/");
        return self;
    }

    /// <summary>Makes GET /v3/conversations/{conversationId}/members/{userId} answer with this member (else 404).</summary>
    public void AddMember(string conversationId, string userId, string name, string? email = null) =>
        _members[(conversationId, userId)] = JObject.FromObject(new { id = userId, name, email, userPrincipalName = email });

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    /// <summary>Proactive posts of new messages (not replies, not updates).</summary>
    public IReadOnlyList<ConnectorCall> Posts => Calls.Where(c => c is { Method: "POST", ReplyToId: null }).ToList();
    public IReadOnlyList<ConnectorCall> Replies => Calls.Where(c => c is { Method: "POST", ReplyToId: not null }).ToList();
    public IReadOnlyList<ConnectorCall> Updates => Calls.Where(c => c.Method == "PUT").ToList();

    // Generous: CI runs the whole suite on two busy cores, and a wait only runs this long when the test fails anyway.
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until a recorded call matches, or fails the test after <paramref name="timeout"/>.</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var found = _calls.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"The connector stand-in never received {what ?? "the expected call"}. It got: " +
                                           string.Join("; ", _calls.Select(c => c.ToString())));
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The newest version of a posted activity: the post itself or its latest update.</summary>
    public ConnectorCall Newest(ConnectorCall posted) => Calls.Last(c => c == posted || (c.Method == "PUT" && c.ActivityId == posted.ActivityId));

    /// <summary>Waits until the newest version of <paramref name="posted"/> shows <paramref name="text"/>.</summary>
    public async Task<ConnectorCall> WaitForNewestAsync(ConnectorCall posted, string text, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (true)
        {
            var newest = Newest(posted);
            if (newest.Visible.Contains(text)) return newest;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never saw {what ?? text}; the card shows: {newest.Visible}");
            await Task.Delay(100);
        }
    }

    private async Task<IResult> RecordAsync(HttpContext http, string method, string conversationId, string? activityOrReplyId)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = JObject.Parse(await reader.ReadToEndAsync());
        var id = method == "PUT" ? activityOrReplyId! : $"activity-{Interlocked.Increment(ref _nextId)}";
        var call = new ConnectorCall(method, Uri.UnescapeDataString(conversationId),
            method == "POST" ? activityOrReplyId : null, id, body, http.Request.Headers.Authorization.ToString());

        if (Fault?.Invoke(call) is { } fault)
        {
            if (fault.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString();
            return Results.StatusCode(fault.Status);
        }
        _calls.Enqueue(call);
        _arrived.Release();
        if (BeforeAnswer is { } hold) await hold(call);
        return Results.Json(new { id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ConnectorCall(string Method, string ConversationId, string? ReplyToId, string ActivityId, JObject Body, string Authorization)
{
    /// <summary>When the stand-in received the call (Stopwatch ticks), for latency measurements.</summary>
    public long ReceivedAt { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public string Text => Body.Value<string>("text") ?? "";

    /// <summary>The first Adaptive Card attached, if any.</summary>
    public JObject? Card => Body["attachments"]?.FirstOrDefault(a => a.Value<string>("contentType") == "application/vnd.microsoft.card.adaptive")?["content"] as JObject;

    /// <summary>Everything the card or message says, as one string, for assertions on what a reader sees.</summary>
    public string Visible => Card is { } card
        ? string.Join("\n", card.Descendants().OfType<JProperty>()
            .Where(p => p.Name is "text" or "title" or "value" or "url" && p.Value.Type == Newtonsoft.Json.Linq.JTokenType.String)
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Value.ToString(), @"\\([!-/:-@\[-`{-~])", "$1")))
        : Text;

    public override string ToString() => $"{Method} {ConversationId} {ReplyToId ?? ActivityId}: {Visible.Replace('\n', ' ')[..Math.Min(120, Visible.Length)]}";
}
