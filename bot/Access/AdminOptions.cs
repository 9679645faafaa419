namespace SupportBot.Access;

/// <summary>
/// The "Admin" section: the credential of the internal endpoints (/api/incidents, /api/admin/*, /api/runtime).
/// A shared bearer token, Entra ID (or any OpenID Connect) tokens, or both.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinimumTokenLength = 16;

    /// <summary>The bearer token callers send as <c>Authorization: Bearer …</c>.</summary>
    public string Token { get; set; } = "";

    /// <summary>Issuer of accepted JWTs, e.g. https://login.microsoftonline.com/{tenant}/v2.0; with <see cref="Audience"/>.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The audience accepted JWTs must carry (the app id URI or client id of the API's registration).</summary>
    public string Audience { get; set; } = "";

    public bool HasToken => !string.IsNullOrEmpty(Token);
    public bool HasJwt => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience);
    public bool HasCredential => HasToken || HasJwt;
}
