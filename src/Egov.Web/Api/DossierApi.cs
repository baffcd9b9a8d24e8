using System.Text.Json;
using Egov.OneStop;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Egov.Web.Api;

/// <summary>
/// A dossier as the API shows it: the fields partners sync first at the top (code, status, receivedAt, appointmentAt,
/// procedureCode, agencyCode), the national status name beside its number, then the details.
/// </summary>
public sealed record DossierJson(
    string Code, int Status, string StatusName, string State, string StateName, DateTime ReceivedAt, DateTime AppointmentAt,
    string ProcedureCode, int ProcedureVersion, string ProcedureName, string AgencyCode, string Channel, int Version,
    string ApplicantName, string ApplicantIdNumber, string? ApplicantPhone, string? ApplicantEmail, string? ApplicantAddress,
    string? CurrentAgencyName, string? StepRole, string? AssigneeName, DateTime StepStartedAt, DateTime? StepDueAt,
    bool ClockStopped, DateTime? OriginalAppointmentAt, int Extensions, DateTime? CompletedAt, string? Timeliness,
    DateTime? ReturnedAt, string ReturnChannel, string? PostalAddress, DeliveryView? Delivery, bool DeliveryChangeable, long FeeAmount, DateTime? FeePaidAt, int? Rating, string? Outcome,
    IReadOnlyList<DossierActionView> Actions, IReadOnlyList<DossierDocumentView> Documents, IReadOnlyList<DossierFileView> Files,
    IReadOnlyList<DossierOpinionView> Opinions, IReadOnlyList<DossierEventView> History)
{
    public static DossierJson From(DossierView v)
    {
        var s = v.Summary;
        return new(s.Code, s.Status, ProcedureDefinition.Statuses.GetValueOrDefault(s.Status, ""), s.State, v.StateName, s.ReceivedAt, s.AppointmentAt,
            s.ProcedureCode, s.ProcedureVersion, s.ProcedureName, v.ReceivingAgencyCode, s.Channel.ToString(), s.Version,
            s.ApplicantName, v.ApplicantIdNumber, v.ApplicantPhone, v.ApplicantEmail, v.ApplicantAddress,
            v.CurrentAgencyName, s.StepRole, s.AssigneeName, s.StepStartedAt, s.StepDueAt,
            v.ClockStopped, v.OriginalAppointmentAt, v.Extensions, s.CompletedAt, s.Timeliness?.ToString(),
            v.ReturnedAt, v.ReturnChannel.ToString(), v.PostalAddress, v.Delivery, DossierService.DeliveryChangeable(s.Status), v.FeeAmount, v.FeePaidAt, v.Rating, v.Outcome,
            v.Actions, v.Documents, v.Files, v.Opinions, v.History);
    }
}

/// <summary>
/// How the result comes back, with the delivery address's parts as flat fields named as the problem details name them
/// (<c>postalRecipientName</c>, <c>postalPhone</c>, <c>postalLine</c>, <c>postalProvinceCode</c>, <c>postalCommune</c>: code or name).
/// </summary>
public sealed record DeliveryJson(Egov.OneStop.ReturnChannel? ReturnChannel, string? PostalRecipientName = null, string? PostalPhone = null,
    string? PostalLine = null, string? PostalProvinceCode = null, string? PostalCommune = null, int? Version = null, Guid? ReceivingAgencyId = null,
    string? PostalAddress = null, IReadOnlyList<int>? Fees = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Egov.OneStop.Delivery.DeliveryAddressInput Postal => new(PostalRecipientName, PostalPhone, PostalLine ?? PostalAddress, PostalProvinceCode, PostalCommune);
}

/// <summary>
/// The one-stop API: counter reception and online submission (JSON, or multipart with a "dossier" JSON part and the
/// files), listing with filters, reading, files, actions. Creation and actions honour Idempotency-Key; actions take the
/// expected version in the body or If-Match and answer 409 when it is stale.
/// </summary>
public static class DossierApi
{
    public const long MaxRequestBytes = 60 * 1024 * 1024;

    public static void MapDossierApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/dossiers").WithTags("Dossiers").RequireAuthorization();
        app.MapGet("/dossiers/{code}/forms/{form}", FormAsync).RequireAuthorization().ExcludeFromDescription();
        g.MapPost("/", (DossierService s, HttpRequest request, CancellationToken ct) => CreateAsync(request, online: false, s, ct))
            .Accepts<ReceiveInput>("application/json", "multipart/form-data").Produces<DossierJson>(StatusCodes.Status201Created);
        g.MapPost("/online", (DossierService s, HttpRequest request, CancellationToken ct) => CreateAsync(request, online: true, s, ct))
            .Accepts<ReceiveInput>("application/json", "multipart/form-data").Produces<DossierJson>(StatusCodes.Status201Created);
        g.MapGet("/", (DossierService s, bool? mine, string? state, int? status, string? q, bool? overdue, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new DossierQuery(mine ?? false, state, status, q, overdue ?? false, page, pageSize), ct));
        g.MapGet("/register", async (DossierService s, Guid? agencyId, DateOnly? from, DateOnly? to, string? format, CancellationToken ct) =>
        {
            var register = await s.RegisterAsync(agencyId, from, to, excel: format == "xlsx", ct);
            return TypedResults.File(register.Content, register.ContentType, register.FileName);
        });
        g.MapGet("/{code}", async (DossierService s, string code, CancellationToken ct) => DossierJson.From(await s.GetAsync(code, ct)));
        g.MapGet("/{code}/forms/{form}", FormAsync);
        g.MapGet("/{code}/history", async (DossierService s, string code, CancellationToken ct) => (await s.GetAsync(code, ct)).History);
        g.MapGet("/{code}/assignees", (DossierService s, string code, CancellationToken ct) => s.AssigneesAsync(code, ct));
        g.MapGet("/{code}/files/{id:guid}", async (DossierService s, string code, Guid id, CancellationToken ct) =>
        {
            var file = await s.GetFileAsync(code, id, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });
        g.MapPost("/{code}/actions/{action}", async (DossierService s, HttpRequest request, string code, string action, CancellationToken ct) =>
        {
            var (input, files) = await ReadAsync<ActInput>(request, "input", ct);
            input = (input ?? new ActInput(action)) with
            {
                Action = action,
                Version = input?.Version ?? IfMatch(request),
                IdempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault() ?? input?.IdempotencyKey,
            };
            var view = await s.ActAsync(code, input, files, ct);
            request.HttpContext.Response.Headers.ETag = $"\"{view.Summary.Version}\"";
            return DossierJson.From(view);
        }).Accepts<ActInput>("application/json", "multipart/form-data");
        // The way of return, as the applicant (or the counter at their request) changes it until the result is ready.
        g.MapPut("/{code}/delivery", async (DossierService s, HttpRequest request, string code, DeliveryJson body, CancellationToken ct) =>
        {
            var view = await s.ActAsync(code, new ActInput(EngineActions.ChangeDelivery, Version: body.Version ?? IfMatch(request), ReturnChannel: body.ReturnChannel,
                IdempotencyKey: request.Headers["Idempotency-Key"].FirstOrDefault()) { Postal = body.Postal }, null, ct);
            request.HttpContext.Response.Headers.ETag = $"\"{view.Summary.Version}\"";
            return DossierJson.From(view);
        });
    }

    /// <summary>A printed form; also served at /dossiers/{code}/forms/{form} for the pages' links.</summary>
    public static async Task<IResult> FormAsync(DossierService s, string code, string form, CancellationToken ct)
    {
        var pdf = await s.FormAsync(code, form, ct);
        return TypedResults.File(pdf.Content, pdf.ContentType, pdf.FileName);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, bool online, DossierService s, CancellationToken ct)
    {
        var (input, files) = await ReadAsync<ReceiveInput>(request, "dossier", ct);
        if (input is null) throw DomainValidationException.For("$", "required", "Thiếu nội dung hồ sơ.", "The dossier is missing.");
        input = input with { IdempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault() ?? input.IdempotencyKey };
        var view = online ? await s.SubmitAsync(input, files, ct) : await s.ReceiveAsync(input, files, ct);
        var json = DossierJson.From(view);
        // A replayed key answers as the first time did, without creating anything.
        return view.Replayed ? TypedResults.Ok(json) : TypedResults.Created($"/api/v1/dossiers/{json.Code}", json);
    }

    /// <summary>The body as JSON, or a multipart form whose <paramref name="part"/> field holds the JSON and whose files are attachments.</summary>
    private static async Task<(T? Input, List<IncomingFile> Files)> ReadAsync<T>(HttpRequest request, string part, CancellationToken ct) where T : class
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var files = new List<IncomingFile>();
        if (request.ContentLength > MaxRequestBytes)
            throw DomainValidationException.For("files", "tooLarge", $"Yêu cầu quá lớn (tối đa {MaxRequestBytes / 1024 / 1024} MB).", "The request is too large.");
        if (request.HasFormContentType)
        {
            var form = await Uploads.FormAsync(request, ct);
            files = await Uploads.AttachmentsAsync(form.Files, ct);
            var json = form[part].FirstOrDefault();
            return (string.IsNullOrWhiteSpace(json) ? null : Parse<T>(json, options, part), files);
        }
        if (request.ContentLength == 0) return (null, files);
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct), files);
        }
        catch (JsonException e)
        {
            throw DomainValidationException.For(JsonPaths.ToField(e.Path), "json", "Nội dung JSON không hợp lệ.", $"The JSON is not valid: {e.Message}");
        }
    }

    private static T? Parse<T>(string json, JsonSerializerOptions options, string part)
    {
        try { return JsonSerializer.Deserialize<T>(json, options); }
        catch (JsonException e)
        {
            throw DomainValidationException.For(part, "json", $"Phần \"{part}\" không phải JSON hợp lệ.", $"The \"{part}\" part is not valid JSON: {e.Message}");
        }
    }

    private static int? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.FirstOrDefault()?.Trim('"', 'W', '/') is { } tag && int.TryParse(tag, out var v) ? v : null;
}
