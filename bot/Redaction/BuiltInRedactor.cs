using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Redaction;

/// <summary>
/// Pattern-based redaction of the secrets and personal data that turn up in logs and alert texts. Rules run in order
/// (the most specific first, so that a password inside a URL is not first taken for an e-mail address); each replaces
/// what it finds with a placeholder naming the kind, e.g. <c>[email]</c>. Numbers that only look like card numbers or
/// IBANs are kept unless their checksum holds.
/// </summary>
public sealed partial class BuiltInRedactor : IRedactor
{
    private sealed record Rule(string Kind, Regex Pattern, Func<Match, string?> Replace);

    private static readonly Rule[] Rules =
    [
        new("jwt", Jwt(), m => IsJwt(m.Value) ? "[jwt]" : null),
        new("password", UrlPassword(), m => $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:[password]@"),
        new("token", AuthorizationHeader(), m => $"{m.Groups["scheme"].Value} [token]"),
        new("aws-key", AwsKeyId(), _ => "[aws-key]"),
        new("aws-secret", AwsSecretKey(), m => LooksRandom(m.Value) ? "[aws-secret]" : null),
        new("github-token", GitHubToken(), _ => "[github-token]"),
        new("slack-token", SlackToken(), _ => "[slack-token]"),
        new("api-key", OtherApiKey(), _ => "[api-key]"),
        new("password", SecretKeyValue(), m => $"{m.Groups["key"].Value}{m.Groups["sep"].Value}[{KindOfKey(m.Groups["key"].Value)}]"),
        new("email", Email(), _ => "[email]"),
        new("iban", Iban(), m => IbanAtStart(m.Value) is { } end ? "[iban]" + m.Value[end..] : null),
        new("card", CardNumber(), m => IsCardNumber(m.Value) ? "[card]" : null),
        new("ip", IPv6Candidate(), m => IsIPv6(m.Value) ? "[ip]" : null),
        new("ip", IPv4(), _ => "[ip]"),
        new("phone", PhoneInternational(), m => DigitCount(m.Value) is >= 8 and <= 15 ? "[phone]" : null),
        new("phone", PhoneNational(), _ => "[phone]"),
        new("phone", PhoneAfterLabel(), m => DigitCount(m.Groups["number"].Value) >= 6 ? $"{m.Groups["label"].Value}[phone]" : null),
    ];

    public Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(texts.Select(Redact).ToList());

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = Normalize(text);
        foreach (var rule in Rules)
            text = rule.Pattern.Replace(text, m => rule.Replace(m) ?? m.Value);
        return text;
    }

    // Incident titles and descriptions are shown again and again (every status answer, every card update): short
    // texts are remembered with their result, which the rules always make the same. At most RememberedTexts of at
    // most RememberedLength characters (a few MB); when full, it starts again.
    private const int RememberedTexts = 2048;
    private const int RememberedLength = 512;
    private static readonly ConcurrentDictionary<string, string> Remembered = new(StringComparer.Ordinal);

    /// <summary><see cref="Redact"/>, answered from memory for a short text redacted before.</summary>
    public static string RedactRemembered(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > RememberedLength) return Redact(text);
        if (Remembered.TryGetValue(text, out var redacted)) return redacted;
        redacted = Redact(text);
        if (Remembered.Count >= RememberedTexts) Remembered.Clear();
        Remembered[text] = redacted;
        return redacted;
    }

    /// <summary>
    /// Unicode NFKC (full-width digits and ＠ become ASCII, a non-breaking space a space) without the characters that
    /// render as nothing (zero-width spaces and joiners, soft hyphens, direction marks), so the rules see what a reader sees.
    /// </summary>
    public static string Normalize(string text)
    {
        var normalized = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        if (!normalized.Any(IsInvisible)) return normalized;
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized) if (!IsInvisible(c)) builder.Append(c);
        return builder.ToString();
    }

    private static bool IsInvisible(char c) => c is '\u00AD' or '\u180E' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E')
        or (>= '\u2060' and <= '\u2064') or (>= '\u2066' and <= '\u2069') or '\uFEFF';

    /// <summary>Three base64url parts whose first decodes to a JSON object: a JWT, whatever its header's spacing.</summary>
    private static bool IsJwt(string candidate)
    {
        var header = candidate[..candidate.IndexOf('.')].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header, bytes, out var written)) return false;
        var json = Encoding.UTF8.GetString(bytes, 0, written).TrimStart();
        return json.StartsWith('{') && json.Contains('"');
    }

    /// <summary>40 characters of base64 with upper case, lower case and digits: a key, not a hex hash or a word.</summary>
    private static bool LooksRandom(string candidate) =>
        candidate.Any(char.IsAsciiLetterUpper) && candidate.Any(char.IsAsciiLetterLower) && candidate.Any(char.IsAsciiDigit);

    private static string KindOfKey(string key) =>
        key.Contains("pass", StringComparison.OrdinalIgnoreCase) || key.Contains("pwd", StringComparison.OrdinalIgnoreCase)
            ? "password" : "secret";

    private static int DigitCount(string s) => s.Count(char.IsAsciiDigit);

    /// <summary>Luhn checksum over 13–19 digits with a known card-network prefix.</summary>
    internal static bool IsCardNumber(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19) return false;
        if (digits[0] is not (2 or 3 or 4 or 5 or 6)) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// The candidate may run on into the next words ("… 1332 failed" is four more characters of an IBAN to the
    /// pattern): the longest leading run of groups that passes the checksum, or null.
    /// </summary>
    private static int? IbanAtStart(string candidate)
    {
        for (var end = candidate.Length; end >= 15; end--)
        {
            if (end < candidate.Length && candidate[end] is not (' ' or '-')) continue;
            if (IsIban(candidate[..end])) return end;
        }
        return null;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, the result mod 97 is 1.</summary>
    internal static bool IsIban(string candidate)
    {
        var s = candidate.Replace(" ", "").Replace("-", "").ToUpperInvariant();
        if (s.Length is < 15 or > 34) return false;
        var rearranged = s[4..] + s[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterUpper(c) ? c - 'A' + 10 : -1;
            if (value < 0) return false;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    private static bool IsIPv6(string candidate) =>
        candidate.Count(c => c == ':') >= 2 && candidate.Any(char.IsAsciiHexDigit) &&
        IPAddress.TryParse(candidate.Split('%')[0], out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}")]
    private static partial Regex Jwt();

    // scheme://user:password@host
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://)(?<user>[^\s:/@]*):(?<password>[^\s@/]+)@")]
    private static partial Regex UrlPassword();

    // A token has a digit somewhere; "token refreshed" is prose.
    [GeneratedRegex(@"(?i)\b(?<scheme>bearer|basic|token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")]
    private static partial Regex AwsSecretKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    // Stripe, Google, SendGrid, npm: prefixes that only keys carry.
    [GeneratedRegex(@"\b(?:[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{36})")]
    private static partial Regex OtherApiKey();

    // password=…, "client_secret": "…", api-key: …  (the key stays, the value goes)
    [GeneratedRegex(@"(?i)(?<key>\b(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|session[_-]?token|client[_-]?secret)|\b(?:[a-z0-9.]+[_.-])?(?:pass|token))""?)(?<sep>\s*[=:]\s*""?)(?!\[)(?!(?:none|null|nil|empty|undefined|true|false|redacted|hidden|n/a)(?![^\s""',;&}]))[^\s""',;&}]+")]
    private static partial Regex SecretKeyValue();

    // Letters of any script on both sides: jörg.müller@exämple.de
    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}][\p{L}\p{N}._%+-]*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])")]
    private static partial Regex Email();

    // Any case, grouped by spaces or dashes, or not at all; the checksum decides.
    [GeneratedRegex(@"(?i)\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    // 13–19 digits grouped by spaces (one or two), dashes or dots; the Luhn check decides.
    [GeneratedRegex(@"(?<![\w.-])(?:\d(?: {1,2}|[-.])?){12,18}\d(?![\w-]|\.\d)")]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w]+)?(?![\w:])")]
    private static partial Regex IPv6Candidate();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)")]
    private static partial Regex IPv4();

    // +49 30 1234567, +1 (555) 010-0199, +4915112345678
    [GeneratedRegex(@"(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){2,6}(?![\w])")]
    private static partial Regex PhoneInternational();

    // (555) 010-0199, 555-010-0199, 555.010.0199
    [GeneratedRegex(@"(?<![\w.-])(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w.-])")]
    private static partial Regex PhoneNational();

    // phone: 030 1234567, tel=0151-12345678
    [GeneratedRegex(@"(?i)(?<label>\b(?:phone|tel|telephone|mobile|cell|fax|msisdn)(?:[_-]?(?:number|no))?\W{1,3})(?<number>\(?\d[\d ()./-]{5,18}\d)")]
    private static partial Regex PhoneAfterLabel();
}
