using Microsoft.Extensions.Options;

namespace SupportBot.Access;

/// <summary>The chat door: a Bot Framework identity outside Development, and only activities from allowed channel service URLs.</summary>
public static class ChatAccess
{
    public static IServiceCollection AddChatAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatAccessOptions>().Bind(configuration.GetSection(ChatAccessOptions.Section)).Configure(o =>
        {
            o.AppId = configuration["MicrosoftAppId"] ?? "";
            o.AppPassword = configuration["MicrosoftAppPassword"] ?? "";
            o.AppType = configuration["MicrosoftAppType"] ?? "";
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatAccessOptions>, ChatAccessValidation>();
        services.AddSingleton(sp => new ServiceUrlPolicy(
            sp.GetRequiredService<IOptions<ChatAccessOptions>>().Value.ServiceUrlPatterns,
            allowLoopback: sp.GetRequiredService<IHostEnvironment>().IsDevelopment()));
        return services;
    }

    /// <summary>Every POST to /api/messages passes the <see cref="ActivityGate"/> first.</summary>
    public static IApplicationBuilder UseChatAccess(this IApplicationBuilder app) =>
        app.UseWhen(http => HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ActivityGate>());
}
