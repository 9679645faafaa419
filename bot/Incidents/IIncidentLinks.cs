namespace SupportBot.Incidents;

/// <summary>
/// Where people can open an incident from a link on a card (the public status page's anchor for it), or null when
/// there is no such page for it. Implemented by the folder that serves that page, so cards need not know it.
/// </summary>
public interface IIncidentLinks
{
    string? UrlOf(int number, string service);
}
