using System.Net;
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
        new("jwt", Jwt(), _ => "[jwt]"),
        new("password", UrlPassword(), m => $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:[password]@"),
        new("token", AuthorizationHeader(), m => $"{m.Groups["scheme"].Value} [token]"),
        new("aws-key", AwsKeyId(), _ => "[aws-key]"),
        new("github-token", GitHubToken(), _ => "[github-token]"),
        new("slack-token", SlackToken(), _ => "[slack-token]"),
        new("api-key", OtherApiKey(), _ => "[api-key]"),
        new("password", SecretKeyValue(), m => $"{m.Groups["key"].Value}{m.Groups["sep"].Value}[{KindOfKey(m.Groups["key"].Value)}]"),
        new("email", Email(), _ => "[email]"),
        new("iban", Iban(), m => IsIban(m.Value) ? "[iban]" : null),
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
        foreach (var rule in Rules)
            text = rule.Pattern.Replace(text, m => rule.Replace(m) ?? m.Value);
        return text;
    }

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

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, the result mod 97 is 1.</summary>
    internal static bool IsIban(string candidate)
    {
        var s = candidate.Replace(" ", "").ToUpperInvariant();
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

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}")]
    private static partial Regex Jwt();

    // scheme://user:password@host
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://)(?<user>[^\s:/@]+):(?<password>[^\s@/]+)@")]
    private static partial Regex UrlPassword();

    // A token has a digit somewhere; "token refreshed" is prose.
    [GeneratedRegex(@"(?i)\b(?<scheme>bearer|basic|token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    // Stripe, Google, SendGrid, npm: prefixes that only keys carry.
    [GeneratedRegex(@"\b(?:[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{36})")]
    private static partial Regex OtherApiKey();

    // password=…, "client_secret": "…", api-key: …  (the key stays, the value goes)
    [GeneratedRegex(@"(?i)(?<key>\b(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|session[_-]?token|client[_-]?secret)|\b(?:[a-z0-9.]+[_.-])?(?:pass|token))""?)(?<sep>\s*[=:]\s*""?)(?!\[)[^\s""',;&}]+")]
    private static partial Regex SecretKeyValue();

    [GeneratedRegex(@"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w.-])")]
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
