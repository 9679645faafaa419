using Microsoft.Extensions.Options;

namespace SupportBot.Access;

/// <summary>Outside Development the internal endpoints never run open: a clear startup error instead.</summary>
public sealed class AdminOptionsValidation(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Authority) != string.IsNullOrWhiteSpace(options.Audience))
            errors.Add("Admin:Authority and Admin:Audience go together: set both (Entra ID tokens) or neither.");
        if (!string.IsNullOrWhiteSpace(options.Authority) && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
            errors.Add($"Admin:Authority must be an absolute URL such as https://login.microsoftonline.com/<tenant>/v2.0.");
        if (!environment.IsDevelopment())
        {
            if (!options.HasCredential)
                errors.Add("Refusing to start outside Development with open internal endpoints (/api/incidents, /api/admin/*, /api/runtime). " +
                           "Set Admin:Token (a random secret of at least 16 characters) or Admin:Authority and Admin:Audience (Entra ID tokens).");
            else if (options.HasToken && options.Token.Length < AdminOptions.MinimumTokenLength)
                errors.Add($"Admin:Token must be at least {AdminOptions.MinimumTokenLength} characters long outside Development.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
