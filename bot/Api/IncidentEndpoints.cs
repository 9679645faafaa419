using SupportBot.Access;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Api;

/// <summary>
/// Read-only JSON view of incidents, for people and scripts: GET /api/incidents (paged, newest first),
/// GET /api/incidents/42. Internal: the caller needs the admin credential outside Development; without it (an open
/// Development bot) the texts are redacted.
/// </summary>
public static class IncidentEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");
        group.MapGet("/", async (IIncidentStore store, HttpContext http, IRedactor redactor, bool? open, int? limit, int? before, CancellationToken ct) =>
        {
            var size = limit ?? DefaultLimit;
            if (size < 1 || before < 1)
                return Results.Problem(statusCode: 400, title: "Invalid paging",
                    detail: $"limit must be between 1 and {MaxLimit} (larger asks get {MaxLimit}); before must be an incident number.");
            size = Math.Min(size, MaxLimit);

            var matching = (await store.ListAsync(ct))
                .Where(i => open is null || i.IsOpen == open)
                .OrderByDescending(i => i.Number)
                .ToList();
            var page = matching.Where(i => before is null || i.Number < before).Take(size + 1).ToList();
            var next = page.Count > size
                ? $"/api/incidents?{(open is null ? "" : $"open={(open.Value ? "true" : "false")}&")}limit={size}&before={page[size - 1].Number}"
                : null;
            IReadOnlyList<IncidentSummaryView> shown = page.Take(size).Select(IncidentSummaryView.Of).ToList();
            if (!InternalAccess.HasCredential(http)) shown = await RedactedViews.RedactAsync(shown, redactor, ct);
            return Results.Ok(new IncidentPage(shown, matching.Count, size, next));
        });
        group.MapGet("/{id}", async (string id, HttpContext http, IIncidentStore store, IRedactor redactor, CancellationToken ct) =>
        {
            if (!IncidentNumber.TryParse(id, out var number))
                return Results.Problem(statusCode: 400, title: "Invalid incident id", detail: $"'{id}' is not an incident id; use 42 or INC-42.");
            if (await store.GetAsync(number, ct) is not { } incident)
                return Results.Problem(statusCode: 404, title: "No such incident", detail: $"There is no incident INC-{number}.");
            var admin = InternalAccess.HasCredential(http);
            var view = IncidentView.Of(incident, withNotes: admin);
            return Results.Ok(admin ? view : await RedactedViews.RedactAsync(view, redactor, ct));
        });
        return app;
    }
}
