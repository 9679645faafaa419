using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using SupportBot.Access;

namespace SupportBot.Sources.Auth;

/// <summary>
/// Checks a webhook's credentials against its source's settings, in two steps so that a stranger never makes the bot
/// read a body: what the headers prove (all of Bearer and Basic; Hmac's headers and timestamp window) before the body
/// is read, the Hmac signature over the body after. Every comparison is constant-time.
/// A source without a secret lets everything pass (startup validation decides whether that is allowed).
/// </summary>
public static class WebhookAuthenticator
{
    /// <summary>Before the body is read: false when the request's headers already show it is not from the source.</summary>
    public static bool HeadersPass(WebhookAuthOptions? auth, HttpRequest request, DateTimeOffset now)
    {
        if (auth is null || !auth.HasSecret) return true;
        return auth.Scheme switch
        {
            WebhookAuthScheme.Bearer => BearerMatches(auth, request),
            WebhookAuthScheme.Basic => BasicMatches(auth, request),
            WebhookAuthScheme.Hmac => SignedHeaders(auth, request, now) is not null,
            _ => false,
        };
    }

    /// <summary>
    /// After the body is read: for Hmac, whether the signature covers this body; <paramref name="signature"/> is then
    /// the one to remember against replays. Other schemes were settled by <see cref="HeadersPass"/>.
    /// </summary>
    public static bool BodyPasses(WebhookAuthOptions? auth, HttpRequest request, ReadOnlySpan<byte> body, DateTimeOffset now, out string? signature)
    {
        signature = null;
        if (auth is not { Scheme: WebhookAuthScheme.Hmac } || !auth.HasSecret) return true;
        if (SignedHeaders(auth, request, now) is not var (timestamp, presented)) return false;

        var message = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, message);
        message[timestamp.Length] = (byte)':';
        body.CopyTo(message.AsSpan(timestamp.Length + 1));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.Secret!), message));
        if (!ConstantTime.SameText(presented, expected)) return false;
        signature = expected;
        return true;
    }

    /// <summary>How long a signature must be remembered: a timestamp is accepted up to the window either side of now.</summary>
    public static TimeSpan ReplayMemory(WebhookAuthOptions auth) => TimeSpan.FromSeconds(2 * auth.ReplayWindowSeconds);

    /// <summary>The WWW-Authenticate challenge to send with a 401, if the scheme has a standard one.</summary>
    public static string? Challenge(WebhookAuthOptions? auth) => auth?.Scheme switch
    {
        WebhookAuthScheme.Bearer => "Bearer realm=\"supportbot\"",
        WebhookAuthScheme.Basic => "Basic realm=\"supportbot\", charset=\"UTF-8\"",
        _ => null,
    };

    private static bool BearerMatches(WebhookAuthOptions auth, HttpRequest request)
    {
        if (TryCredentials(request, "Bearer", out var presented)) return ConstantTime.SameText(presented, auth.Token!);
        return !string.IsNullOrEmpty(auth.QueryParameter)
               && request.Query[auth.QueryParameter].ToString() is { Length: > 0 } fromQuery
               && ConstantTime.SameText(fromQuery, auth.Token!);
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
        var userOk = ConstantTime.SameText(decoded[..colon], auth.Username!);
        var passwordOk = ConstantTime.SameText(decoded[(colon + 1)..], auth.Password!);
        return userOk & passwordOk;
    }

    /// <summary>The timestamp and the lower-case hex signature, when both headers are there and the timestamp is within the window.</summary>
    private static (string Timestamp, string Signature)? SignedHeaders(WebhookAuthOptions auth, HttpRequest request, DateTimeOffset now)
    {
        var timestamp = request.Headers[auth.TimestampHeader].ToString().Trim();
        var signature = request.Headers[auth.SignatureHeader].ToString().Trim();
        if (timestamp.Length == 0 || signature.Length == 0) return null;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
        if (seconds > 100_000_000_000) seconds /= 1000; // a sender that signs with milliseconds
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > auth.ReplayWindowSeconds) return null;
        if (signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) signature = signature["sha256=".Length..];
        return (timestamp, signature.ToLowerInvariant());
    }

    private static bool TryCredentials(HttpRequest request, string scheme, out string credentials)
    {
        credentials = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)) return false;
        if (!string.Equals(header.Scheme, scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null) return false;
        credentials = header.Parameter;
        return true;
    }
}
