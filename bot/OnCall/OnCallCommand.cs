using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.OnCall;

public enum OnCallVerb { Ack, Assign, Severity, Update, Resolve, Note, Timeline }

/// <summary>One chat command: its name, how to type it, and whether only on-call may use it.</summary>
public sealed record CommandSpec(OnCallVerb Verb, string Name, string Usage, string Description, bool OnCallOnly, string[] Aliases);

/// <summary>A well-formed command. Which optional parts are set depends on <see cref="Verb"/>.</summary>
public sealed record OnCallCommand(OnCallVerb Verb, int Number)
{
    public string Text { get; init; } = "";
    public Severity? Severity { get; init; }
    public IncidentStatus? Status { get; init; }
    public bool Confirmed { get; init; }

    public string IncidentId => $"INC-{Number}";
}

/// <summary>What parsing found: a command, a helpful problem to reply with, or (both null) text that is not a command.</summary>
public sealed record ParseResult(OnCallCommand? Command, string? Problem)
{
    public static readonly ParseResult NotACommand = new(null, null);
    public bool IsCommand => Command is not null || Problem is not null;
}
