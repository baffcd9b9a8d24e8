using System.Text.Json;

namespace Egov.Procedures.Search;

/// <summary>
/// An event in a person's or a business's life (a birth, a marriage, starting a business) and the procedures it calls
/// for: listed by code, or every procedure of a field. Data (Seed/life-events.json), so that a province adds events
/// without touching the pages.
/// </summary>
public sealed record LifeEvent(string Code, string Name, string NameEn, IReadOnlyList<string>? Procedures = null, IReadOnlyList<string>? Fields = null)
{
    public bool Covers(ProcedureDefinition d) => Procedures?.Contains(d.Code) == true || Fields?.Contains(d.Field) == true;

    private sealed record File(string? About, IReadOnlyList<LifeEvent> Events);

    /// <summary>The catalogue shipped with the platform, read once.</summary>
    public static IReadOnlyList<LifeEvent> Seeded => SeededEvents.Value;

    private static readonly Lazy<IReadOnlyList<LifeEvent>> SeededEvents = new(() =>
    {
        using var stream = typeof(LifeEvent).Assembly.GetManifestResourceStream("Egov.Procedures.Seed.life-events.json")
            ?? throw new InvalidOperationException("The life-event catalogue is missing from the assembly.");
        return Parse(stream);
    });

    public static IReadOnlyList<LifeEvent> Parse(Stream json) =>
        JsonSerializer.Deserialize<File>(json, ProcedureDefinition.Json)?.Events ?? [];
}
