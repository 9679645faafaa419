namespace SupportBot.Tests.Infrastructure;

/// <summary>Text and links an attacker (or a careless monitor) can put into an alert, a chat message or a name.</summary>
public static class HostileStrings
{
    public static readonly string[] Texts =
    [
        "Storm <!channel> <!here> <@U123> <#C024BE7LR>",
        "[phish](https://evil.example/p)",
        "[Click here](javascript:alert(1)) ![img](https://evil.example/i.png)",
        "*bold* _italic_ ~strike~ `code` **strong** __under__",
        "# Heading\n> quote\n- item\n+ item\n1. first\n2) second",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "javascript:alert(document.cookie)",
        "<at>Everyone</at> <at>General</at>",
        "see https://phish.example/login or www.evil.com or evil.com/login or mail phish@evil.com",
        "&lt;!channel&gt; &amp; &#60;!here&#62; &#x5B;x&#x5D;(https://evil.example)",
        "ch\u200Beck\u200Dout \u202Egnp.exe\u202C \u2066rtl\u2069 \uFEFFbom",
        "<https://evil.example|Your invoice> and <mailto:a@evil.example|mail>",
        "| a | b |\n|---|---|\n| c | d |",
        "line one\\\nline two \\[not a link\\](https://evil.example)",
        new string('A', 100_000) + " <!channel> [x](https://evil.example/long)",
    ];

    public static readonly string[] Links =
    [
        "https://evil.example/a|x> <!channel> <https://b.example",
        "https://evil.example/d) [Click here](https://phish.example/login",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/<script>alert(1)</script>",
        "https://evil.example/path with spaces/\"quoted\"",
        "//evil.example/protocol-relative",
        "file:///etc/passwd",
    ];
}
