using System.Net;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>`dotnet run --project bot` (README's way to start it) runs in the environment its caller chose, and says which.</summary>
public sealed class LaunchEnvironmentTests
{
    [Fact]
    public async Task Dotnet_run_keeps_the_callers_Production_environment()
    {
        await using var bot = await BotProcess.RunProjectAsync(ProductionSettings.With(), environment: "Production");

        await bot.WaitForLogAsync("starting in the Production environment");
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.GetAsync("/dev")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task Dotnet_run_without_an_environment_is_Development()
    {
        await using var bot = await BotProcess.RunProjectAsync(new Dictionary<string, string?>(), environment: null);

        await bot.WaitForLogAsync("starting in the Development environment");
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/dev")).StatusCode);
    }
}
