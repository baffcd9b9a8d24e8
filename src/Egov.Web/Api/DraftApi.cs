using Egov.OneStop;
using Egov.OneStop.Portal;
using Egov.Platform.Validation;

namespace Egov.Web.Api;

/// <summary>The body of POST /api/v1/drafts: the applicant's step of the caller's draft of a procedure.</summary>
public sealed record DraftApplicantInput(string? ProcedureCode, ApplicantDetails? Applicant);
public sealed record DraftReuseInput(int DocumentIndex, Guid StoredId);

/// <summary>
/// The portal's drafts (hồ sơ đang soạn) for citizens' and businesses' own apps: the same steps as the pages, each saved on the
/// server; bad input answers RFC 9457 problem details naming the field, and what was typed is kept in the draft.
/// </summary>
public static class DraftApi
{
    public static void MapDraftApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/drafts").WithTags("Drafts").RequireAuthorization();
        g.MapGet("/", (SubmissionDraftService s, CancellationToken ct) => s.ListAsync(ct));
        g.MapPost("/", (SubmissionDraftService s, DraftApplicantInput input, CancellationToken ct) =>
            s.SaveApplicantAsync(input.ProcedureCode, input.Applicant ?? new ApplicantDetails(null, null, null, null, null), ct));
        g.MapGet("/{id:guid}", (SubmissionDraftService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct));
        g.MapDelete("/{id:guid}", async (SubmissionDraftService s, Guid id, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/{id:guid}/files", async (SubmissionDraftService s, HttpRequest request, Guid id, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
                throw DomainValidationException.For("files", "required", "Gửi tệp dạng multipart, mỗi phần tên document-{số thứ tự giấy tờ}.",
                    "Send the files as multipart parts named document-{index}.");
            var files = await Uploads.AttachmentsAsync((await Uploads.FormAsync(request, ct)).Files, ct);
            // A form whose parts are no files (a part header the reader cannot take, e.g. a NUL in the file name) attached nothing:
            // say so instead of answering 200 as if the file had been kept.
            if (files.Count == 0)
                throw DomainValidationException.For("files", "required", "Không nhận được tệp nào; mỗi tệp là một phần tên document-{số thứ tự giấy tờ}.",
                    "No file was received; send each file as a part named document-{index}.");
            return await s.AttachAsync(id, files, ct);
        }).Accepts<IFormFileCollection>("multipart/form-data").DisableAntiforgery();
        g.MapPost("/{id:guid}/files/reuse", (SubmissionDraftService s, Guid id, DraftReuseInput input, CancellationToken ct) =>
            s.ReuseAsync(id, input.DocumentIndex, input.StoredId, ct));
        g.MapDelete("/{id:guid}/files/{fileId:guid}", (SubmissionDraftService s, Guid id, Guid fileId, CancellationToken ct) => s.RemoveFileAsync(id, fileId, ct));
        g.MapPost("/{id:guid}/documents/done", (SubmissionDraftService s, Guid id, CancellationToken ct) => s.CompleteDocumentsAsync(id, ct));
        g.MapPut("/{id:guid}/delivery", (SubmissionDraftService s, Guid id, DeliveryJson input, CancellationToken ct) =>
            s.SaveDeliveryAsync(id, new DeliveryInput(input.ReceivingAgencyId, input.ReturnChannel, input.PostalAddress) { Postal = input.Postal, Fees = input.Fees }, ct));
        g.MapPost("/{id:guid}/submit", async (SubmissionDraftService s, Guid id, CancellationToken ct) =>
        {
            var view = await s.SubmitAsync(id, ct);
            var json = DossierJson.From(view);
            // Submitting again answers with the same dossier, as an Idempotency-Key replay does.
            return view.Replayed ? Results.Ok(json) : Results.Created($"/api/v1/dossiers/{json.Code}", json);
        }).Produces<DossierJson>(StatusCodes.Status201Created);
        app.MapGet("/api/v1/my-documents", (SubmissionDraftService s, CancellationToken ct) => s.StoreAsync(ct))
            .WithTags("Drafts").RequireAuthorization();
    }
}
