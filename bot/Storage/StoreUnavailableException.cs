namespace SupportBot.Storage;

/// <summary>
/// The store cannot be reached right now (Redis down, restarting, failing over, or too slow to answer). Every store
/// throws this and only this for it, whatever it runs on, so callers tell "try again later" from a bug in one way.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
