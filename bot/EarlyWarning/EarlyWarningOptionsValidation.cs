using Microsoft.Extensions.Options;

namespace SupportBot.EarlyWarning;

/// <summary>Rejects a configuration that could only produce nonsense, at start, with the signal's position and the reason.</summary>
public sealed class EarlyWarningOptionsValidation : IValidateOptions<EarlyWarningOptions>
{
    public ValidateOptionsResult Validate(string? name, EarlyWarningOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.PrometheusUrl) &&
            (!Uri.TryCreate(o.PrometheusUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            errors.Add("EarlyWarning:PrometheusUrl must be an absolute http(s) URL.");
        if (o.Interval < TimeSpan.FromSeconds(1)) errors.Add("EarlyWarning:Interval must be at least 1 second.");
        if (o.QueryTimeout <= TimeSpan.Zero) errors.Add("EarlyWarning:QueryTimeout must be positive.");
        if (o.Signals.Count > 0 && string.IsNullOrWhiteSpace(o.PrometheusUrl))
            errors.Add("EarlyWarning:Signals are configured but EarlyWarning:PrometheusUrl is empty.");

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < o.Signals.Count; i++)
        {
            var s = o.Signals[i];
            var at = $"EarlyWarning:Signals:{i}";
            if (string.IsNullOrWhiteSpace(s.Service)) errors.Add($"{at}:Service is required.");
            if (string.IsNullOrWhiteSpace(s.Name)) errors.Add($"{at}:Name is required.");
            if (string.IsNullOrWhiteSpace(s.Query)) errors.Add($"{at}:Query is required.");
            if ((s.Above is null) == (s.Below is null)) errors.Add($"{at}: set exactly one of Above or Below.");
            else if (!double.IsFinite(s.Threshold)) errors.Add($"{at}: the threshold must be a finite number.");
            if (s.Horizon <= TimeSpan.Zero) errors.Add($"{at}:Horizon must be positive.");
            if (s.Lookback < TimeSpan.FromSeconds(10)) errors.Add($"{at}:Lookback must be at least 10 seconds.");
            if (s.For < 1) errors.Add($"{at}:For must be at least 1.");
            if (!string.IsNullOrWhiteSpace(s.Service) && !keys.Add(s.Key)) errors.Add($"{at}: another signal of {s.Service} is already named \"{s.Name}\".");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
