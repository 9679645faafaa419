using Microsoft.Extensions.Options;
using SupportBot.Logs;

namespace SupportBot.Tests.Logs;

public sealed class LokiQueryTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 20, 9, 36, 12, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);

    private static LokiLogSource Source(LogsOptions options) => new(null!, null!, Options.Create(options));

    [Fact]
    public void A_configured_selector_is_used_and_errors_add_a_case_insensitive_line_filter()
    {
        var source = Source(new LogsOptions { Selectors = new(StringComparer.OrdinalIgnoreCase) { ["checkout-api"] = "{app=\"checkout\", env=\"prod\"}" } });

        Assert.Equal("{app=\"checkout\", env=\"prod\"}", source.LogQl(new LogQuery("Checkout-API", From, To, ErrorsOnly: false)));
        Assert.Equal("{app=\"checkout\", env=\"prod\"} |~ \"(?i)(error|exception|fatal|panic|critical|fail)\"",
            source.LogQl(new LogQuery("checkout-api", From, To, ErrorsOnly: true)));
    }

    [Fact]
    public void An_unconfigured_service_is_selected_by_its_service_label_with_quotes_escaped() =>
        Assert.Equal("{service=\"odd\\\"name\"}", Source(new LogsOptions()).LogQl(new LogQuery("odd\"name", From, To, false)));

    [Fact]
    public void Times_go_to_Loki_as_nanoseconds_since_the_epoch() =>
        Assert.Equal("1795167372000000000", LokiClient.Nanos(From));

    [Fact]
    public void The_Explore_link_needs_a_Grafana_URL_and_carries_query_and_range()
    {
        Assert.Null(GrafanaExplore.Link(new LogsOptions(), "{app=\"x\"}", From, To));

        var link = GrafanaExplore.Link(new LogsOptions { GrafanaUrl = "https://grafana.example.com/", GrafanaLokiDatasourceUid = "abc" }, "{app=\"x\"}", From, To)!;
        var decoded = Uri.UnescapeDataString(link);
        Assert.StartsWith("https://grafana.example.com/explore?schemaVersion=1&orgId=1&panes=", decoded);
        Assert.Contains("\"expr\":\"{app=\\\"x\\\"}\"", decoded);
        Assert.Contains("\"datasource\":{\"type\":\"loki\",\"uid\":\"abc\"}", decoded);
        Assert.Contains($"\"range\":{{\"from\":\"{From.ToUnixTimeMilliseconds()}\",\"to\":\"{To.ToUnixTimeMilliseconds()}\"}}", decoded);
    }
}
