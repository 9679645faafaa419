namespace SupportBot.EarlyWarning;

/// <summary>Told about every stored change of a warning (raised, updated, crossed, ended): puts its card in the channels.</summary>
public interface IEarlyWarningSink
{
    Task PublishAsync(SignalWarning warning, CancellationToken ct);
}
