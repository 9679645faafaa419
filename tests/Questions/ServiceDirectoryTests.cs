using SupportBot.Questions;

namespace SupportBot.Tests.Questions;

public sealed class ServiceDirectoryTests
{
    private static readonly string[] Known = ["checkout-api", "payments-service", "search", "identity-api"];
    private static readonly Dictionary<string, ServiceOptions> Configured = new(StringComparer.OrdinalIgnoreCase)
    {
        ["payments-service"] = new ServiceOptions { Aliases = ["pay", "billing"] },
    };

    private static ServiceMatch Resolve(string typed) => ServiceDirectory.Resolve(typed, Known, Configured);

    [Theory]
    [InlineData("checkout-api", "checkout-api")]
    [InlineData("Checkout API", "checkout-api")]
    [InlineData("checkout_api", "checkout-api")]
    [InlineData("checkout", "checkout-api")]
    [InlineData("payments", "payments-service")]
    [InlineData("billing", "payments-service")]
    [InlineData("PAY", "payments-service")]
    [InlineData("ident", "identity-api")]
    public void Names_aliases_and_stems_resolve(string typed, string service) =>
        Assert.Equal(new ServiceMatch.Found(service), Resolve(typed));

    [Theory]
    [InlineData("chekout", "checkout-api")]
    [InlineData("checkuot-api", "checkout-api")]
    [InlineData("paymnets", "payments-service")]
    [InlineData("serch", "search")]
    public void Near_misses_get_a_suggestion(string typed, string nearest) =>
        Assert.Equal(nearest, Assert.IsType<ServiceMatch.Suggestion>(Resolve(typed)).Nearest);

    [Fact]
    public void Far_misses_are_unknown_and_list_what_is_known()
    {
        var unknown = Assert.IsType<ServiceMatch.Unknown>(Resolve("warehouse"));
        Assert.Equal(Known, unknown.Known);
    }

    [Fact]
    public void A_name_shared_by_several_services_asks_which_one()
    {
        var match = ServiceDirectory.Resolve("checkout", ["checkout-api", "checkout-web", "search"], Configured);
        Assert.Equal(["checkout-api", "checkout-web"], Assert.IsType<ServiceMatch.Ambiguous>(match).Candidates);
    }
}
