using System.Text.Json.Serialization;
using SupportBot;
using SupportBot.Access;
using SupportBot.Api;
using SupportBot.Channels;
using SupportBot.Conversation;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Logs;
using SupportBot.Notifications;
using SupportBot.OnCall;
using SupportBot.Outbox;
using SupportBot.Presentation;
using SupportBot.Questions;
using SupportBot.Redaction;
using SupportBot.Sources;
using SupportBot.StatusPage;
using SupportBot.DevPage;
using SupportBot.EarlyWarning;
using SupportBot.Storage.Setup;
using SupportBot.Telemetry;
using SupportBot.Health;
using SupportBot.Caching;
using SupportBot.Hosting;

var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));   // the caller's environment wins
var rootSettingsFound = builder.Configuration.AddRootAppSettings();   // the shipped appsettings.json beside the binaries
ListenAddress.UseDefaultWhenUnset(builder);
builder.AddRequestLogging();   // one line per request, query secrets redacted
builder.Services.AddProxyTrust(builder.Configuration);   // X-Forwarded-For only from ForwardedHeaders:KnownProxies/KnownNetworks

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddInternalAccess(builder.Configuration);   // the internal API's credential (Admin:Token, Entra ID)
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

builder.Services.AddTelemetry(builder.Configuration);     // Prometheus metrics (/metrics or Metrics:Port)
builder.Services.AddHealth(builder.Configuration);        // liveness and readiness (Redis)
builder.Services.AddStorage(builder.Configuration);       // every store: Redis, or in this process
builder.Services.AddCaching(builder.Configuration);       // answers of paid or slow calls (Redis or memory)
builder.Services.AddSources(builder.Configuration);       // webhook → alerts
builder.Services.AddIncidents();                           // alerts → incidents
builder.Services.AddPresentation();                        // incidents → card models (redacted once) → replies per channel
builder.Services.AddNotifications();                       // incidents → cards in channels
builder.Services.AddEarlyWarning(builder.Configuration);    // metric trends → early-warning cards (leader only)
builder.Services.AddOutbox(builder.Configuration);         // every channel message: persisted, paced, retried
builder.Services.AddChannels(builder.Configuration);       // Teams and Slack: who we are, connector clients, the messenger
builder.Services.AddConversation(builder.Configuration);   // the bot: chat in, answers out
builder.Services.AddOnCall();                              // on-call commands, card buttons, update reminders
builder.Services.AddStatusPage(builder.Configuration);     // public status page, feed, alert bar
builder.Services.AddDigests(builder.Configuration);        // personal digests and service pings
builder.Services.AddRedaction(builder.Configuration);      // personal data and secrets out of everything shown
builder.Services.AddLogs(builder.Configuration);           // log snippets: alert texts, Loki
builder.Services.AddQuestions(builder.Configuration);      // reps' questions, service names, customer drafts

var app = builder.Build();
RootAppSettings.WarnIfMissing(rootSettingsFound, app.Logger);

app.Logger.LogInformation("SupportBot starting in the {Environment} environment", app.Environment.EnvironmentName);

app.UseProxyTrust();      // the client's address from a known reverse proxy
app.UseHttpLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebhookShortPipeline();   // POST /api/webhooks/{source} runs from here: it checks its own source's credential
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();     // public pages: per client address
app.UseOutputCache();     // public pages: rendered once per change
app.UseChatAccess();      // /api/messages: only usable activities from allowed channel service URLs

// Public: each door checks its own caller.
app.MapBotMessages();     // POST /api/messages (Bot Framework tokens)
var webhookMetrics = app.Services.GetRequiredService<WebhookMetrics>();
app.MapWebhooks(webhookMetrics.Answered, webhookMetrics.Failed);   // POST /api/webhooks/{source} (each source's credentials), counted by source and outcome
app.MapStatusPage();      // GET  /status, /status.json, /status.atom, /status/alert-bar.js
app.MapDevPage();         // GET  /dev (Development only)
app.MapHealth();          // GET  /healthz (liveness), /readyz (readiness: Redis)
app.MapGet("/", () => Results.Redirect("/status"));

// Internal: the admin credential outside Development.
var internalApi = app.MapGroup("").RequireInternalAccess();
internalApi.MapIncidentApi();     // GET /api/incidents
internalApi.MapRuntimeApi();      // GET /api/runtime
internalApi.MapOutboxAdmin();     // GET /api/admin/outbox[/dead-letters]
internalApi.MapMetricsEndpoint(); // GET /metrics, unless a management port (Metrics:Port) serves it

app.Run();

public partial class Program;
