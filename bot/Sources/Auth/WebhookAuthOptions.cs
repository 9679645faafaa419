namespace SupportBot.Sources.Auth;

public enum WebhookAuthScheme { None, Bearer, Basic, Hmac }

/// <summary>How a source proves who is calling (Webhooks:Sources:&lt;name&gt;:Auth, or Webhooks:Auth for all).</summary>
public sealed class WebhookAuthOptions
{
    public WebhookAuthScheme Scheme { get; set; }

    /// <summary>Bearer: the token expected in <c>Authorization: Bearer …</c>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Bearer: a query parameter that may carry the token instead of the header, for senders that cannot set headers
    /// (Azure Monitor action groups). Off unless set; the token then shows in URL logs, so keep it to HTTPS.
    /// </summary>
    public string? QueryParameter { get; set; }

    /// <summary>Basic: the expected user name and password.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Hmac: the shared key of the HMAC-SHA256 over "{timestamp}:{body}".</summary>
    public string? Secret { get; set; }

    /// <summary>Hmac: the header with the hex signature (a "sha256=" prefix is accepted). Grafana: X-Grafana-Alerting-Signature.</summary>
    public string SignatureHeader { get; set; } = "X-SupportBot-Signature";

    /// <summary>Hmac: the header with the Unix time in seconds the sender signed at. Grafana: X-Grafana-Alerting-Timestamp.</summary>
    public string TimestampHeader { get; set; } = "X-SupportBot-Timestamp";

    /// <summary>Hmac: how far the signed timestamp may be from now, either way, before the request counts as a replay.</summary>
    public int ReplayWindowSeconds { get; set; } = 300;

    public bool HasSecret => Scheme switch
    {
        WebhookAuthScheme.Bearer => !string.IsNullOrEmpty(Token),
        WebhookAuthScheme.Basic => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password),
        WebhookAuthScheme.Hmac => !string.IsNullOrEmpty(Secret),
        _ => false,
    };
}
