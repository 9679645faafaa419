using SupportBot.Outbox;

namespace SupportBot.Notifications;

/// <summary>
/// Whether an incident "opened before the storm" in a channel is decided when its own card would reach the channel, not
/// when it was queued: an own card still waiting (Teams' pacing) when the channel's storm begins is not posted, and the
/// incident is on the storm's roll-up instead (see <see cref="MajorEvents.DivertAsync"/>). In a storm that is what keeps
/// a channel's first seconds to one urgent post instead of up to Storm:Threshold cards ahead of its roll-up.
/// </summary>
public sealed class StormDiversion(MajorEvents majorEvents) : IFirstPostGate
{
    public Task<bool> ShownElsewhereAsync(OutboxMessage message, bool posting, CancellationToken ct) =>
        message.MergeKey is { } key && BriefingKey.TryParse(key, out var number)
            ? majorEvents.DivertAsync(message.Conversation, number, posting, ct)
            : Task.FromResult(false);

    public Task<string?> ShownOnAsync(OutboxMessage message, CancellationToken ct) =>
        message.MergeKey is { } key && BriefingKey.TryParse(key, out var number)
            ? majorEvents.RollUpKeyAsync(message.ConversationId, number, ct)
            : Task.FromResult<string?>(null);
}
