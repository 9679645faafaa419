using SupportBot.Redaction;

namespace SupportBot.Tests.Redaction;

public sealed class BuiltInRedactorTests
{
    [Theory]
    [InlineData("mail rita.rep@example.com now", "mail [email] now")]
    [InlineData("db postgres://app:s3cr3t!@db.internal:5432/orders", "db postgres://app:[password]@db.internal:5432/orders")]
    [InlineData("login user=admin password=hunter2 ok", "login user=admin password=[password] ok")]
    [InlineData("{\"client_secret\":\"abc123xyz\"}", "{\"client_secret\":\"[secret]\"}")]
    [InlineData("from 10.1.2.3 and 2001:db8::1", "from [ip] and [ip]")]
    [InlineData("Authorization: Bearer abcdef1234567890", "Authorization: Bearer [token]")]
    public void Findings_are_replaced_by_a_placeholder_naming_their_kind_and_the_rest_stays(string line, string expected) =>
        Assert.Equal(expected, BuiltInRedactor.Redact(line));

    /// <summary>The forms that leaked through cards and log snippets (issue 14), each exactly as it was seen.</summary>
    [Theory]
    [InlineData("from jörg.müller@exämple.de", "from [email]")]
    [InlineData("from jane\uFF20example.com", "from [email]")]
    [InlineData("from john\u200B.doe@example.com", "from [email]")]
    [InlineData("card 4111  1111  1111  1111 declined", "card [card] declined")]
    [InlineData("card 4111.1111.1111.1111 declined", "card [card] declined")]
    [InlineData("card 4111\u00A01111\u00A01111\u00A01111 declined", "card [card] declined")]
    [InlineData("card \uFF14\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11 declined", "card [card] declined")]
    [InlineData("payout to de89 3704 0044 0532 0130 00 failed", "payout to [iban] failed")]
    [InlineData("token ewogICJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCIgfQ.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ", "token [jwt]")]
    [InlineData("key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked", "key [aws-secret] leaked")]
    [InlineData("cache redis://:R3disPw@10.0.0.5:6379", "cache redis://:[password]@[ip]:6379")]
    public void Real_world_forms_are_redacted_after_normalizing(string line, string expected) =>
        Assert.Equal(expected, BuiltInRedactor.Redact(line));

    [Fact]
    public void Card_numbers_must_pass_the_Luhn_check()
    {
        Assert.Equal("card [card] declined", BuiltInRedactor.Redact("card 4111 1111 1111 1111 declined"));
        Assert.Equal("order 4111111111111112 declined", BuiltInRedactor.Redact("order 4111111111111112 declined"));
    }

    [Fact]
    public void IBANs_must_pass_the_mod_97_check()
    {
        Assert.Equal("payout to [iban]", BuiltInRedactor.Redact("payout to DE89 3704 0044 0532 0130 00"));
        Assert.Equal("payout to DE00 3704 0044 0532 0130 00", BuiltInRedactor.Redact("payout to DE00 3704 0044 0532 0130 00"));
    }

    [Theory]
    [InlineData("starting version 10.0.11 at 2026-11-20T09:41:12.345Z")]
    [InlineData("order 3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b created")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E up, took 09:41:12")]
    [InlineData("token refreshed successfully")]
    public void Lookalikes_stay_as_they_are(string line) => Assert.Equal(line, BuiltInRedactor.Redact(line));

    /// <summary>Remembered results (titles shown in every status answer) are the rules' results, also once the memory has filled and started again.</summary>
    [Fact]
    public void A_remembered_redaction_is_what_the_rules_give()
    {
        string[] texts = ["mail rita.rep@example.com now", "card 4111 1111 1111 1111 declined", "token refreshed successfully", "from 10.1.2.3"];
        for (var round = 0; round < 3; round++)
            foreach (var text in texts) Assert.Equal(BuiltInRedactor.Redact(text), BuiltInRedactor.RedactRemembered(text));
        Assert.Equal("mail [email] now", BuiltInRedactor.RedactRemembered(texts[0]));

        for (var i = 0; i < 5000; i++) Assert.Equal($"mail [email] ({i})", BuiltInRedactor.RedactRemembered($"mail u{i}@example.com ({i})"));
        foreach (var text in texts) Assert.Equal(BuiltInRedactor.Redact(text), BuiltInRedactor.RedactRemembered(text));
        var long_ = "mail rita.rep@example.com " + new string('x', 2000);
        Assert.Equal(BuiltInRedactor.Redact(long_), BuiltInRedactor.RedactRemembered(long_));
    }
}
