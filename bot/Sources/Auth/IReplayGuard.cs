namespace SupportBot.Sources.Auth;

/// <summary>
/// Remembers each signed webhook (its signature) for as long as the signature is valid, so that a captured request
/// cannot be sent again. In Redis when configured, so every instance refuses a replay another one accepted.
/// </summary>
public interface IReplayGuard
{
    /// <summary>True the first time <paramref name="key"/> is offered within <paramref name="window"/>; false for a replay.</summary>
    ValueTask<bool> FirstUseAsync(string key, TimeSpan window, CancellationToken ct);

    /// <summary>Lets <paramref name="key"/> be used again: its request was refused by a failure of ours, and will be retried.</summary>
    ValueTask ForgetAsync(string key, CancellationToken ct);
}
