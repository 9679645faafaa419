using SupportBot.Incidents;

namespace SupportBot.Api;

/// <summary>Read-only JSON view of incidents, for people and scripts (GET /api/incidents, GET /api/incidents/42).</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");
        group.MapGet("/", async (IIncidentStore store, bool? open, CancellationToken ct) =>
        {
            var all = await store.ListAsync(ct);
            return Results.Ok(open is null ? all : all.Where(i => i.IsOpen == open).ToList());
        });
        group.MapGet("/{id}", async (string id, IIncidentStore store, CancellationToken ct) =>
        {
            if (!IncidentNumber.TryParse(id, out var number))
                return Results.Problem(statusCode: 400, title: "Invalid incident id", detail: $"'{id}' is not an incident id; use 42 or INC-42.");
            return await store.GetAsync(number, ct) is { } incident
                ? Results.Ok(incident)
                : Results.Problem(statusCode: 404, title: "No such incident", detail: $"There is no incident INC-{number}.");
        });
        return app;
    }
}
