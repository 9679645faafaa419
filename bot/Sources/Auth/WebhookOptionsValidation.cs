using Microsoft.Extensions.Options;
using SupportBot.Alerts;

namespace SupportBot.Sources.Auth;

/// <summary>
/// Checked once at start: every enabled source must have a secret outside Development (a clear startup error
/// rather than an open endpoint), generic sources need a usable mapping, severity overrides must name the scale.
/// </summary>
public sealed class WebhookOptionsValidation(IEnumerable<IAlertSource> builtIn, IHostEnvironment environment, ILogger<WebhookOptionsValidation> log)
    : IValidateOptions<WebhookOptions>
{
    private int _warned;

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodyBytes <= 0) errors.Add("Webhooks:MaxBodyBytes must be positive.");

        if (options.Auth is { Scheme: WebhookAuthScheme.Hmac, ReplayWindowSeconds: <= 0 })
            errors.Add($"{WebhookOptions.Section}:Auth:ReplayWindowSeconds must be positive.");

        var builtInNames = builtIn.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (source, settings) in options.Sources)
        {
            var key = $"{WebhookOptions.Section}:Sources:{source}";
            if (settings.IsGeneric)
            {
                if (builtInNames.Contains(source)) errors.Add($"{key}: '{source}' is a built-in source and cannot be generic; pick another name.");
                errors.AddRange((settings.Mapping?.Problems() ?? ["Mapping is missing."]).Select(p => $"{key}: {p}"));
            }
            else if (!string.IsNullOrEmpty(settings.Type))
                errors.Add($"{key}:Type '{settings.Type}' is unknown; the only type is 'generic'.");
            else if (!builtInNames.Contains(source))
                errors.Add($"{key}: there is no built-in source '{source}' ({string.Join(", ", builtInNames)}); set Type to 'generic' to declare one.");

            if (settings.Auth is { Scheme: WebhookAuthScheme.Hmac, ReplayWindowSeconds: <= 0 })
                errors.Add($"{key}:Auth:ReplayWindowSeconds must be positive.");
            foreach (var (value, severity) in settings.Severities)
                if (!Enum.TryParse<Severity>(severity, ignoreCase: true, out _))
                    errors.Add($"{key}:Severities:{value} is '{severity}'; use critical, major, minor or info.");
        }

        var enabled = builtInNames.Where(n => options.For(n).Enabled)
            .Concat(options.Sources.Where(s => s.Value.IsGeneric && s.Value.Enabled).Select(s => s.Key));
        var open = enabled.Where(n => options.AuthFor(n) is not { HasSecret: true }).Order(StringComparer.Ordinal).ToList();
        if (open.Count > 0)
        {
            var message = $"No webhook secret is configured for: {string.Join(", ", open)}. Set {WebhookOptions.Section}:Sources:<name>:Auth " +
                          $"(Scheme Bearer with Token, Basic with Username and Password, or Hmac with Secret) or {WebhookOptions.Section}:Auth for all, " +
                          $"or disable the source with {WebhookOptions.Section}:Sources:<name>:Enabled=false.";
            if (environment.IsDevelopment())
            {
                // Options are validated once per consumer (IOptions, IOptionsMonitor); one warning is enough.
                if (Interlocked.Exchange(ref _warned, 1) == 0)
                    log.LogWarning("Development: accepting unauthenticated webhooks. {Message}", message);
            }
            else
                errors.Add($"Refusing to start outside Development with open webhooks. {message}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
