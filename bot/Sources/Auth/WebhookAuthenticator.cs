using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Sources.Auth;

/// <summary>
/// Checks a webhook's credentials against its source's settings. Every comparison is constant-time over
/// SHA-256 digests, so neither content nor length of a secret leaks through timing.
/// </summary>
public static class WebhookAuthenticator
{
    /// <summary>True when the request may pass. A source without a secret lets everything pass (startup validation decides whether that is allowed).</summary>
    public static bool IsAuthorized(WebhookAuthOptions? auth, HttpRequest request, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (auth is null || !auth.HasSecret) return true;
        return auth.Scheme switch
        {
            WebhookAuthScheme.Bearer => BearerMatches(auth, request),
            WebhookAuthScheme.Basic => BasicMatches(auth, request),
            WebhookAuthScheme.Hmac => SignatureMatches(auth, request, body, now),
            _ => false,
        };
    }

    /// <summary>The WWW-Authenticate challenge to send with a 401, if the scheme has a standard one.</summary>
    public static string? Challenge(WebhookAuthOptions? auth) => auth?.Scheme switch
    {
        WebhookAuthScheme.Bearer => "Bearer realm=\"supportbot\"",
        WebhookAuthScheme.Basic => "Basic realm=\"supportbot\", charset=\"UTF-8\"",
        _ => null,
    };

    private static bool BearerMatches(WebhookAuthOptions auth, HttpRequest request)
    {
        if (TryCredentials(request, "Bearer", out var presented)) return SameText(presented, auth.Token!);
        return !string.IsNullOrEmpty(auth.QueryParameter)
               && request.Query[auth.QueryParameter].ToString() is { Length: > 0 } fromQuery
               && SameText(fromQuery, auth.Token!);
    }

    private static bool BasicMatches(WebhookAuthOptions auth, HttpRequest request)
    {
        if (!TryCredentials(request, "Basic", out var encoded)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return false;
        // Both halves are always compared: no early exit that would tell a wrong user from a wrong password.
        var userOk = SameText(decoded[..colon], auth.Username!);
        var passwordOk = SameText(decoded[(colon + 1)..], auth.Password!);
        return userOk & passwordOk;
    }

    private static bool SignatureMatches(WebhookAuthOptions auth, HttpRequest request, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var timestamp = request.Headers[auth.TimestampHeader].ToString().Trim();
        var signature = request.Headers[auth.SignatureHeader].ToString().Trim();
        if (timestamp.Length == 0 || signature.Length == 0) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (seconds > 100_000_000_000) seconds /= 1000; // a sender that signs with milliseconds
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > auth.ReplayWindowSeconds) return false;
        if (signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) signature = signature["sha256=".Length..];

        var message = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, message);
        message[timestamp.Length] = (byte)':';
        body.CopyTo(message.AsSpan(timestamp.Length + 1));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Secret!), message));
        return SameText(signature.ToLowerInvariant(), expected);
    }

    private static bool TryCredentials(HttpRequest request, string scheme, out string credentials)
    {
        credentials = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)) return false;
        if (!string.Equals(header.Scheme, scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null) return false;
        credentials = header.Parameter;
        return true;
    }

    private static bool SameText(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
