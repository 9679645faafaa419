namespace SupportBot.Questions;

/// <summary>What a rep asked, parsed from plain words. The skill answers each kind.</summary>
public abstract record Question
{
    /// <summary>"what's down?", "any incidents?", "stauts".</summary>
    public sealed record Overview : Question;

    /// <summary>"is checkout ok?", "status of payments".</summary>
    public sealed record ServiceStatus(string Service) : Question;

    /// <summary>"what happened to INC-42".</summary>
    public sealed record Incident(int Number) : Question;

    /// <summary>"logs checkout last 30m", "errors in payments since 10:00", "logs for INC-42".</summary>
    public sealed record Logs(string? Service, int? IncidentNumber, LogWindow Window, bool ErrorsOnly) : Question;

    /// <summary>"draft reply for 42"; no number: the rep is asked for one.</summary>
    public sealed record Draft(int? Number) : Question;

    /// <summary>A bare word or two ("checkout?") that may be a service name.</summary>
    public sealed record MaybeService(string Text) : Question;
}

/// <summary>The time range a rep asked logs for.</summary>
public abstract record LogWindow
{
    /// <summary>Around the incident's start when the service has one, else the configured default.</summary>
    public sealed record Default : LogWindow;
    public sealed record Last(TimeSpan Span) : LogWindow;
    /// <summary>Since a time of day, UTC: today, or yesterday when that is still ahead.</summary>
    public sealed record Since(TimeOnly At) : LogWindow;
}
