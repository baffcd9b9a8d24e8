using Egov.Directory.Agencies;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Portal;

public sealed record ApplicantDetails(string? Name, string? IdNumber, string? Phone, string? Email, string? Address);
public sealed record DeliveryInput(Guid? ReceivingAgencyId, ReturnChannel? ReturnChannel, string? PostalAddress)
{
    /// <summary>The structured delivery address for the post (the portal's form and the API's <c>postal…</c> fields).</summary>
    public Delivery.DeliveryAddressInput? Postal { get; init; }
    /// <summary>The indexes of the procedure's fees chosen (<see cref="FeeSelection"/>); null keeps the first alone.</summary>
    public IReadOnlyList<int>? Fees { get; init; }
}
public sealed record DraftFileView(Guid Id, int DocumentIndex, string FileName, string ContentType, long Size, bool Reused, DateTime UploadedAt);
public sealed record DraftSummary(Guid Id, string ProcedureCode, string ProcedureName, DraftStep Step, DateTime UpdatedAt);
public sealed record DraftView(Guid Id, string ProcedureCode, string ProcedureName, DraftStep Step, ApplicantDetails Applicant,
    Guid? ReceivingAgencyId, ReturnChannel? ReturnChannel, string? PostalAddress, IReadOnlyList<DraftFileView> Files,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? SubmittedAt, string? DossierCode)
{
    /// <summary>The delivery address as typed (kept even when a rule refused it), and the commune it resolved to.</summary>
    public Delivery.DeliveryAddressInput Postal { get; init; } = new(null, null, null, null, null);
    public string? PostalCommuneName { get; init; }
    /// <summary>The fees chosen (indexes into the procedure's); empty until the delivery step was saved.</summary>
    public IReadOnlyList<int> Fees { get; init; } = [];
}

/// <summary>A file of the applicant's personal document store (kho dữ liệu điện tử): attached to one of their dossiers that an
/// officer accepted, so it was checked once and may be reused instead of uploading it again.</summary>
public sealed record StoredDocument(Guid Id, string DossierCode, string ProcedureName, string DocumentName, string FileName,
    string ContentType, long Size, DateTime UploadedAt);

/// <summary>
/// The portal's guided online submission for citizens and businesses: drafts saved on the server after every step (per account
/// and procedure), attachments checked by content with images made PDF, reuse of documents from the personal document store,
/// and submission through <see cref="DossierService.SubmitAsync"/> with the draft's idempotency key, so that a second click
/// gives the same dossier. Every query is the caller's own: nobody else's draft or document is ever found.
/// </summary>
public sealed class SubmissionDraftService(EgovDbContext db, ICallerContext caller, ProcedureService procedures, AgencyService agencies,
    AccountService accounts, DossierService dossiers, IAuditTrail audit, TimeProvider clock, Delivery.DeliveryAddressChecker deliveryChecker)
{
    public const int MaxFilesPerDraft = FileInspector.MaxFiles;

    /// <summary>Only a signed-in citizen or business fills drafts (officials receive at the counter instead).</summary>
    private Guid Me()
    {
        if (caller.UserId is { } id && !caller.IsOfficial && caller.Grants.Any(g => g.Role is Roles.Citizen or Roles.Business)) return id;
        throw new ForbiddenException("Only a signed-in citizen or business submits online.");
    }

    private IQueryable<SubmissionDraft> Mine()
    {
        var me = Me();
        return db.Set<SubmissionDraft>().Where(d => d.UserId == me);
    }

    /// <summary>"Hồ sơ đang soạn": the caller's drafts not yet submitted, the latest first.</summary>
    public async Task<IReadOnlyList<DraftSummary>> ListAsync(CancellationToken ct = default) =>
        await Mine().AsNoTracking().Where(d => d.SubmittedAt == null).OrderByDescending(d => d.UpdatedAt)
            .Select(d => new DraftSummary(d.Id, d.ProcedureCode, d.ProcedureName, d.Step, d.UpdatedAt)).ToListAsync(ct);

    /// <summary>The caller's open draft of a procedure, if any.</summary>
    public async Task<DraftView?> FindAsync(string procedureCode, CancellationToken ct = default)
    {
        var code = procedureCode.Trim();
        var draft = await Mine().AsNoTracking().FirstOrDefaultAsync(d => d.ProcedureCode == code && d.SubmittedAt == null, ct);
        return draft is null ? null : await ReadAsync(draft, ct);
    }

    public async Task<DraftView> GetAsync(Guid id, CancellationToken ct = default) =>
        await ReadAsync(await Mine().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("draft"), ct);

    /// <summary>A draft holds personal data: its reads are audited like a dossier's.</summary>
    private async Task<DraftView> ReadAsync(SubmissionDraft draft, CancellationToken ct)
    {
        await audit.RecordReadAsync(nameof(SubmissionDraft), draft.Id.ToString(), "own draft", ct);
        return await ViewAsync(draft, ct);
    }

    /// <summary>What a new draft starts with: the account's name, ID number or tax code, phone and e-mail.</summary>
    public async Task<ApplicantDetails> PrefillAsync(CancellationToken ct = default)
    {
        Me();
        var own = await accounts.GetOwnAsync(ct);
        return new ApplicantDetails(own.FullName, own.CitizenId ?? own.TaxCode, own.Phone, own.Email, null);
    }

    /// <summary>
    /// Step 1: the applicant's details, for the caller's open draft of the procedure (created on first save). What was typed is
    /// saved even when a rule fails — the errors are then thrown, field by field — so that nothing typed is lost.
    /// </summary>
    public async Task<DraftView> SaveApplicantAsync(string? procedureCode, ApplicantDetails input, CancellationToken ct = default)
    {
        var me = Me();
        var procedure = await OnlineProcedureAsync(procedureCode, ct);
        var draft = await Mine().FirstOrDefaultAsync(d => d.ProcedureCode == procedure.Summary.Code && d.SubmittedAt == null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (draft is null)
        {
            draft = new SubmissionDraft
            {
                Id = Ids.New(), UserId = me, ProcedureCode = procedure.Summary.Code, ProcedureName = procedure.Summary.Name,
                Step = DraftStep.Applicant, CreatedAt = now,
            };
            db.Add(draft);
        }
        // The applicant is the account holder: their own number when the account has one.
        var own = await accounts.OwnIdentifierAsync(ct);
        var errors = CheckApplicant(input with { IdNumber = own ?? input.IdNumber });
        draft.ApplicantName = Keep(input.Name, 200);
        draft.ApplicantIdNumber = Keep(own ?? input.IdNumber, 20);
        draft.ApplicantPhone = Keep(input.Phone, 20);
        draft.ApplicantEmail = Keep(input.Email, 254);
        draft.ApplicantAddress = Keep(input.Address, 300);
        if (!errors.Any && draft.Step < DraftStep.Documents) draft.Step = DraftStep.Documents;
        if (errors.Any) draft.Step = DraftStep.Applicant;
        draft.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        errors.ThrowIfAny();
        return await ViewAsync(draft, ct);
    }

    /// <summary>The rules of the applicant's step: name, ID number or tax code, a phone to be reached at; e-mail and address optional.</summary>
    public static ValidationErrors CheckApplicant(ApplicantDetails input)
    {
        var errors = new ValidationErrors();
        errors.RequiredText("applicantName", input.Name, 200, "Họ và tên", "Full name");
        DossierService.CheckIdNumber(errors, input.IdNumber);
        if (string.IsNullOrWhiteSpace(input.Phone))
            errors.Add("applicantPhone", "required", "Số điện thoại là bắt buộc để cơ quan liên hệ khi cần.", "A phone number is required so that the agency can reach you.");
        else errors.Add(PhoneNumber.Check(input.Phone, "applicantPhone", out _));
        errors.Add(EmailAddress.Check(input.Email, "applicantEmail", out _));
        errors.OptionalText("applicantAddress", input.Address, 300, "Địa chỉ", "Address");
        return errors;
    }

    /// <summary>
    /// Step 2: attaches files to the procedure's documents (<see cref="IncomingFile.DocumentIndex"/>). Each is checked by its
    /// content; JPEG and PNG photos become PDF. A bad file refuses the whole upload and leaves the draft as it was.
    /// </summary>
    public async Task<DraftView> AttachAsync(Guid id, IReadOnlyList<IncomingFile> files, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        var definition = (await OnlineProcedureAsync(draft.ProcedureCode, ct)).Definition;
        var errors = new ValidationErrors();
        var inspected = FileInspector.Check(files, "files", errors);
        foreach (var f in inspected.Where(f => f.DocumentIndex is not { } i || i < 0 || i >= definition.Documents.Count))
            errors.Add("files", "document", $"Tệp \"{f.FileName}\" không gắn với giấy tờ nào của thủ tục.", $"The file \"{f.FileName}\" names no document of the procedure.");
        var count = await db.Set<SubmissionDraftFile>().CountAsync(f => f.DraftId == id, ct);
        if (count + inspected.Count > MaxFilesPerDraft)
            errors.Add("files", "tooMany", $"Một hồ sơ có tối đa {MaxFilesPerDraft} tệp.", $"A dossier has at most {MaxFilesPerDraft} files.");
        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var file in inspected.Select(ImagePdf.AsPdf))
            db.Add(NewFile(draft.Id, file.DocumentIndex!.Value, file.FileName, file.ContentType, file.Content, now, null));
        draft.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(draft, ct);
    }

    /// <summary>Step 2: attaches a file of the caller's personal document store to a document, instead of uploading it again.</summary>
    public async Task<DraftView> ReuseAsync(Guid id, int documentIndex, Guid storedId, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        var definition = (await OnlineProcedureAsync(draft.ProcedureCode, ct)).Definition;
        if (documentIndex < 0 || documentIndex >= definition.Documents.Count)
            throw DomainValidationException.For("documentIndex", "unknown", "Thủ tục không có giấy tờ này.", "The procedure has no such document.");
        var stored = await StoreQuery().Where(x => x.File.Id == storedId).Select(x => x.File).FirstOrDefaultAsync(ct)
            ?? throw DomainValidationException.For("storedId", "unknown", "Không có giấy tờ này trong kho dữ liệu của bạn.", "No such document in your store.");
        if (await db.Set<SubmissionDraftFile>().AnyAsync(f => f.DraftId == id && f.DocumentIndex == documentIndex && f.ReusedFromId == storedId, ct))
            return await ViewAsync(draft, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(NewFile(draft.Id, documentIndex, stored.FileName, stored.ContentType, stored.Content, now, stored.Id));
        draft.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(draft, ct);
    }

    public async Task<DraftView> RemoveFileAsync(Guid id, Guid fileId, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        var file = await db.Set<SubmissionDraftFile>().FirstOrDefaultAsync(f => f.Id == fileId && f.DraftId == id, ct) ?? throw new NotFoundException("file");
        db.Remove(file);
        draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(draft, ct);
    }

    /// <summary>Ends step 2: every mandatory document has a file.</summary>
    public async Task<DraftView> CompleteDocumentsAsync(Guid id, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        if (draft.Step < DraftStep.Documents)
            throw DomainValidationException.For("applicantName", "step", "Hãy hoàn thành thông tin người nộp trước.", "Complete the applicant's details first.");
        var definition = (await OnlineProcedureAsync(draft.ProcedureCode, ct)).Definition;
        var present = await db.Set<SubmissionDraftFile>().Where(f => f.DraftId == id).Select(f => f.DocumentIndex).Distinct().ToListAsync(ct);
        MissingDocuments(definition, present).ThrowIfAny();
        if (draft.Step < DraftStep.Delivery) draft.Step = DraftStep.Delivery;
        draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(draft, ct);
    }

    /// <summary>The documents rule: each mandatory document of the procedure has at least one file.</summary>
    public static ValidationErrors MissingDocuments(ProcedureDefinition definition, IReadOnlyCollection<int> present)
    {
        var errors = new ValidationErrors();
        foreach (var (doc, i) in definition.Documents.Select((d, i) => (d, i)).Where(x => x.d.Mandatory && !present.Contains(x.i)))
            errors.Add($"document-{i}", "missing", $"Hãy đính kèm \"{doc.Name}\" (bắt buộc).", $"Attach \"{doc.Name}\" (mandatory).");
        return errors;
    }

    /// <summary>Step 3: where to submit and how the result comes back (counter, post with the delivery address, online).</summary>
    public async Task<DraftView> SaveDeliveryAsync(Guid id, DeliveryInput input, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        var definition = (await OnlineProcedureAsync(draft.ProcedureCode, ct)).Definition;
        var errors = new ValidationErrors();
        if (input.ReceivingAgencyId is not { } agencyId)
            errors.Add("receivingAgencyId", "required", "Hãy chọn nơi nộp hồ sơ.", "Choose where to submit.");
        else if (!await agencies.ReceivesForAsync(agencyId, definition.Agencies, ct))
            errors.Add("receivingAgencyId", "notCompetent", "Cơ quan đã chọn không tiếp nhận thủ tục này.", "The chosen agency does not receive this procedure.");
        // The street line may come as the older free-text "postalAddress" too.
        var typed = input.Postal ?? new Delivery.DeliveryAddressInput(null, null, input.PostalAddress, null, null);
        if (typed.Line is null && input.PostalAddress is not null) typed = typed with { Line = input.PostalAddress };
        var address = await deliveryChecker.CheckAsync(input.ReturnChannel, typed, errors, ct);
        var (fees, _) = FeeSelection.Apply(definition, input.Fees, errors);
        if (fees.Count > 0 || definition.Fees.Count == 0) draft.FeeChoices = FeeSelection.Format(fees);
        draft.ReceivingAgencyId = input.ReceivingAgencyId;
        draft.ReturnChannel = input.ReturnChannel is { } c && Enum.IsDefined(c) ? c : null;
        // What was typed is kept as typed, even when refused; the commune's code and name only once it resolved.
        draft.PostalAddress = Keep(typed.Line, 300);
        draft.PostalRecipientName = Keep(typed.RecipientName, 200);
        draft.PostalPhone = Keep(typed.Phone, 30);
        draft.PostalProvinceCode = Keep(typed.ProvinceCode, 10);
        draft.PostalCommune = Keep(typed.Commune, 200);
        (draft.PostalCommuneCode, draft.PostalCommuneName) = (address?.CommuneCode, address?.CommuneName);
        // Once it passed, the address is kept as checked (the phone normalised), which is what the dossier will get.
        if (address is not null) (draft.PostalRecipientName, draft.PostalPhone, draft.PostalAddress) = (address.RecipientName, address.Phone, address.Line);
        if (!errors.Any && draft.Step == DraftStep.Delivery) draft.Step = DraftStep.Review;
        draft.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        errors.ThrowIfAny();
        return await ViewAsync(draft, ct);
    }

    /// <summary>
    /// Submits the draft as an online dossier through <see cref="DossierService.SubmitAsync"/>, whose rules decide; the draft's
    /// id is the idempotency key, so a second click (or a retry after a dropped answer) returns the same dossier.
    /// </summary>
    public async Task<DossierView> SubmitAsync(Guid id, CancellationToken ct = default)
    {
        var draft = await Mine().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("draft");
        if (draft.DossierCode is { } done) return await dossiers.GetAsync(done, ct) with { Replayed = true };
        if (draft.Step < DraftStep.Review)
            throw DomainValidationException.For("step", "incomplete", "Hồ sơ chưa đủ các bước; hãy hoàn thành từng bước trước khi nộp.",
                "The draft is not complete; finish every step before submitting.");
        var files = await db.Set<SubmissionDraftFile>().AsNoTracking().Where(f => f.DraftId == id).OrderBy(f => f.UploadedAt)
            .Select(f => new IncomingFile(f.FileName, f.Content, f.DocumentIndex)).ToListAsync(ct);
        var input = new ReceiveInput(draft.ProcedureCode, draft.ReceivingAgencyId, draft.ApplicantName, draft.ApplicantIdNumber,
            draft.ApplicantPhone, draft.ApplicantEmail, ApplicantAddress: draft.ApplicantAddress, ReturnChannel: draft.ReturnChannel,
            PostalAddress: draft.ReturnChannel == OneStop.ReturnChannel.Post ? draft.PostalAddress : null, Fees: FeeSelection.Parse(draft.FeeChoices),
            IdempotencyKey: IdempotencyKey(id))
        {
            Postal = draft.ReturnChannel == OneStop.ReturnChannel.Post && draft.PostalCommuneCode is not null
                ? new Delivery.DeliveryAddress(draft.PostalRecipientName!, draft.PostalPhone!, draft.PostalAddress!, draft.PostalCommuneCode, draft.PostalCommuneName!)
                : null,
        };
        var dossier = await dossiers.SubmitAsync(input, files, ct);
        // The dossier service cleared the shared change tracker: read the draft again to mark it submitted.
        var tracked = await Mine().FirstAsync(d => d.Id == id, ct);
        if (tracked.DossierCode is null)
        {
            tracked.DossierCode = dossier.Summary.Code;
            tracked.SubmittedAt = clock.GetUtcNow().UtcDateTime;
            tracked.UpdatedAt = tracked.SubmittedAt.Value;
            // The files now live in the dossier; the draft keeps only the code for a replay.
            db.RemoveRange(await db.Set<SubmissionDraftFile>().Where(f => f.DraftId == id).ToListAsync(ct));
            await db.SaveChangesAsync(ct);
        }
        return dossier;
    }

    public static string IdempotencyKey(Guid draftId) => "draft-" + draftId.ToString("N");

    /// <summary>Discards an open draft and its files.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var draft = await OpenDraftAsync(id, ct);
        db.RemoveRange(await db.Set<SubmissionDraftFile>().Where(f => f.DraftId == id).ToListAsync(ct));
        db.Remove(draft);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The caller's personal document store: the application files of their dossiers that an officer accepted
    /// (past national status 1 "submitted" and not 3 "refused"), newest first.</summary>
    public async Task<IReadOnlyList<StoredDocument>> StoreAsync(CancellationToken ct = default) =>
        await StoreQuery().OrderByDescending(x => x.File.UploadedAt).Take(200)
            .Select(x => new StoredDocument(x.File.Id, x.Dossier.Code, x.Dossier.ProcedureName,
                db.Set<DossierDocument>().Where(d => d.DossierId == x.Dossier.Id && d.Index == x.File.DocumentIndex).Select(d => d.Name).FirstOrDefault() ?? "",
                x.File.FileName, x.File.ContentType, x.File.Size, x.File.UploadedAt))
            .ToListAsync(ct);

    private IQueryable<StoredPair> StoreQuery()
    {
        var me = Me();
        return from d in db.Set<Dossier>().AsNoTracking()
               where d.ApplicantUserId == me && d.Status != 1 && d.Status != 3
               join f in db.Set<DossierFile>().AsNoTracking() on d.Id equals f.DossierId
               where f.Purpose == FilePurpose.Application && f.DocumentIndex != null
               select new StoredPair { Dossier = d, File = f };
    }

    private sealed class StoredPair
    {
        public Dossier Dossier { get; init; } = null!;
        public DossierFile File { get; init; } = null!;
    }

    private async Task<SubmissionDraft> OpenDraftAsync(Guid id, CancellationToken ct)
    {
        var draft = await Mine().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("draft");
        if (draft.SubmittedAt is not null)
            throw new ConflictException($"Hồ sơ này đã được nộp (mã {draft.DossierCode}).", $"This draft was already submitted ({draft.DossierCode}).");
        return draft;
    }

    private async Task<ProcedureView> OnlineProcedureAsync(string? code, CancellationToken ct)
    {
        ProcedureView? procedure = null;
        if (!string.IsNullOrWhiteSpace(code))
            try { procedure = await procedures.GetAsync(code.Trim(), null, ct); }
            catch (NotFoundException) { }
        if (procedure is { Summary.IsActive: true } && procedure.Definition.OnlineLevel != OnlineLevel.Information) return procedure;
        throw DomainValidationException.For("procedureCode", "unknown", $"Thủ tục \"{code?.Trim()}\" không nhận hồ sơ trực tuyến.",
            $"The procedure \"{code?.Trim()}\" does not take online submissions.");
    }

    private static SubmissionDraftFile NewFile(Guid draftId, int index, string name, string type, byte[] content, DateTime now, Guid? reused) => new()
    {
        Id = Ids.New(), DraftId = draftId, DocumentIndex = index, FileName = name, ContentType = type, Size = content.LongLength,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), Content = content, UploadedAt = now,
        ReusedFromId = reused,
    };

    /// <summary>What was typed, trimmed and cut to the column, kept even when a rule fails.</summary>
    private static string? Keep(string? text, int max)
    {
        var t = text?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length > max ? t[..max] : t;
    }

    private async Task<DraftView> ViewAsync(SubmissionDraft d, CancellationToken ct)
    {
        var files = await db.Set<SubmissionDraftFile>().AsNoTracking().Where(f => f.DraftId == d.Id).OrderBy(f => f.DocumentIndex).ThenBy(f => f.UploadedAt)
            .Select(f => new DraftFileView(f.Id, f.DocumentIndex, f.FileName, f.ContentType, f.Size, f.ReusedFromId != null, f.UploadedAt)).ToListAsync(ct);
        return new DraftView(d.Id, d.ProcedureCode, d.ProcedureName, d.Step,
            new ApplicantDetails(d.ApplicantName, d.ApplicantIdNumber, d.ApplicantPhone, d.ApplicantEmail, d.ApplicantAddress),
            d.ReceivingAgencyId, d.ReturnChannel, d.PostalAddress, files, d.CreatedAt, d.UpdatedAt, d.SubmittedAt, d.DossierCode)
        {
            Postal = new Delivery.DeliveryAddressInput(d.PostalRecipientName, d.PostalPhone, d.PostalAddress, d.PostalProvinceCode, d.PostalCommune),
            PostalCommuneName = d.PostalCommuneName,
            Fees = FeeSelection.Parse(d.FeeChoices) ?? [],
        };
    }
}
