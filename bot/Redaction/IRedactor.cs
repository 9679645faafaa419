namespace SupportBot.Redaction;

/// <summary>Removes personal data and secrets from text before the bot shows it to anyone.</summary>
public interface IRedactor
{
    /// <summary>The texts, in the same order, with every finding replaced by a placeholder such as <c>[email]</c>.</summary>
    Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct);
}

public static class RedactorExtensions
{
    public static async Task<string> RedactAsync(this IRedactor redactor, string text, CancellationToken ct) =>
        (await redactor.RedactAsync([text], ct))[0];
}
