using System.Text.Json.Serialization;
using SupportBot;
using SupportBot.Api;
using SupportBot.Conversation;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Logs;
using SupportBot.Notifications;
using SupportBot.OnCall;
using SupportBot.Outbox;
using SupportBot.Questions;
using SupportBot.Redaction;
using SupportBot.Sources;
using SupportBot.StatusPage;
using SupportBot.DevPage;
using SupportBot.Storage;
using SupportBot.Telemetry;
using SupportBot.Health;
using SupportBot.Caching;

var builder = WebApplication.CreateBuilder(args);
var rootSettingsFound = builder.Configuration.AddRootAppSettings();   // the shipped appsettings.json beside the binaries
ListenAddress.UseDefaultWhenUnset(builder);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

builder.Services.AddTelemetry(builder.Configuration);     // Prometheus metrics (/metrics or Metrics:Port)
builder.Services.AddHealth(builder.Configuration);        // liveness and readiness (Redis)
builder.Services.AddStorage(builder.Configuration);       // incidents, subscriptions, posted cards
builder.Services.AddCaching(builder.Configuration);       // answers of paid or slow calls (Redis or memory)
builder.Services.AddSources(builder.Configuration);       // webhook → alerts
builder.Services.AddIncidents();                           // alerts → incidents
builder.Services.AddNotifications();                       // incidents → cards in channels
builder.Services.AddOutbox(builder.Configuration);         // every channel message: persisted, paced, retried
builder.Services.AddConversation(builder.Configuration);   // the bot: chat in, answers out
builder.Services.AddOnCall();                              // on-call commands, card buttons, update reminders
builder.Services.AddStatusPage(builder.Configuration);     // public status page, feed, alert bar
builder.Services.AddDigests(builder.Configuration);        // personal digests and service pings
builder.Services.AddRedaction(builder.Configuration);      // personal data and secrets out of everything shown
builder.Services.AddLogs(builder.Configuration);           // log snippets: alert texts, Loki
builder.Services.AddQuestions(builder.Configuration);      // reps' questions, service names, customer drafts

var app = builder.Build();
RootAppSettings.WarnIfMissing(rootSettingsFound, app.Logger);

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapBotMessages();     // POST /api/messages
app.MapGroup("").AddEndpointFilter<WebhookMetrics>()
   .MapWebhooks();        // POST /api/webhooks/{source}, counted by source and outcome
app.MapIncidentApi();     // GET  /api/incidents
app.MapRuntimeApi();      // GET  /api/runtime
app.MapStatusPage();      // GET  /status, /status.json, /status.atom, /status/alert-bar.js
app.MapDevPage();         // GET  /dev (Development only)
app.MapOutboxAdmin();     // GET  /api/admin/outbox[/dead-letters]
app.MapHealth();          // GET  /healthz (liveness), /readyz (readiness: Redis)
app.MapMetricsEndpoint(); // GET  /metrics (admin token outside Development), unless Metrics:Port serves it
app.MapGet("/", () => Results.Redirect("/api/incidents"));

app.Run();

public partial class Program;
