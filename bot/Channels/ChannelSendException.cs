using System.Net;

namespace SupportBot.Channels;

/// <summary>
/// The channel did not take a message. <see cref="Transient"/> failures (throttling, 412, 5xx, timeouts) are worth
/// retrying, the others (the bot was removed, the conversation is gone, the message is invalid) are not.
/// </summary>
public sealed class ChannelSendException(string message, HttpStatusCode? status, TimeSpan? retryAfter, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool Transient => Status is null
        || Status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestTimeout
        || (int)Status >= 500;

    /// <summary>The bot is no longer in the conversation, or the conversation no longer exists (403, 404): sending there again is pointless.</summary>
    public bool ChannelGone => Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
}
