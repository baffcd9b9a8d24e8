using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Directory.Agencies;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

/// <summary>
/// A dossier as the counter or a partner system hands it in. <paramref name="ReceivedDocuments"/> are the indexes of
/// the procedure's documents that were checked as present; <paramref name="Fees"/> the indexes of the fees that apply
/// (the first fee when omitted).
/// </summary>
public sealed record ReceiveInput(string? ProcedureCode, Guid? ReceivingAgencyId, string? ApplicantName, string? ApplicantIdNumber,
    string? ApplicantPhone, string? ApplicantEmail, IReadOnlyList<int>? ReceivedDocuments = null, string? ApplicantAddress = null,
    ReturnChannel? ReturnChannel = null, string? PostalAddress = null, Guid? LocalAgencyId = null, IReadOnlyList<int>? Fees = null,
    string? IdempotencyKey = null)
{
    /// <summary>A delivery address already checked (<see cref="Delivery.DeliveryAddressChecker"/>): the portal's structured one,
    /// used instead of <see cref="PostalAddress"/>'s free text when the result goes by post.</summary>
    public Delivery.DeliveryAddress? Postal { get; init; }
    /// <summary>At the counter: the applicant agrees to be told of the dossier's steps by e-mail and SMS at the addresses given.</summary>
    public bool NotifyApplicant { get; init; }
}

public sealed record DossierSummary(Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string ProcedureName, Guid ReceivingAgencyId,
    string ApplicantName, DossierChannel Channel, string State, int Status, DateTime ReceivedAt, DateTime AppointmentAt,
    DateTime StepStartedAt, DateTime? StepDueAt, DateTime? CompletedAt, Timeliness? Timeliness, int Version,
    string? StepRole = null, string? AssigneeName = null, Guid? CurrentAgencyId = null, string? Field = null);

/// <summary>An action the caller may take now. <see cref="Input"/> names the extra input it needs, if any:
/// "assignee", "appointment", "rating", "opinion", "agency" (a commune to hand the dossier to).</summary>
public sealed record DossierActionView(string Code, string Name, string To, IReadOnlyList<string> Roles, bool RequiresComment, string? Input = null);
public sealed record DossierEventView(int Sequence, DateTime At, string Actor, string Action, string? FromState, string ToState, string? Comment,
    DateTime? StepDueAt, Timeliness? StepTimeliness, string? AgencyName = null, string? ActionName = null, string? FromStateName = null, string? ToStateName = null);
public sealed record DossierDocumentView(int Index, string Name, int Originals, int Copies, bool Mandatory, bool Received);
public sealed record DossierFileView(Guid Id, FilePurpose Purpose, int? DocumentIndex, int? EventSequence, string FileName, string ContentType, long Size, DateTime UploadedAt);
public sealed record DossierOpinionView(Guid Id, string State, Guid AgencyId, string AgencyName, DateTime AskedAt, DateTime? DueAt, DateTime? AnsweredAt, bool? Agrees, string? Text);
public sealed record DossierView(DossierSummary Summary, string ApplicantIdNumber, string? ApplicantPhone, string? ApplicantEmail,
    string StateName, IReadOnlyList<DossierActionView> Actions, IReadOnlyList<DossierEventView> History)
{
    public string? ApplicantAddress { get; init; }
    public string ReceivingAgencyCode { get; init; } = "";
    public string? CurrentAgencyName { get; init; }
    public Guid? AssigneeId { get; init; }
    public ReturnChannel ReturnChannel { get; init; }
    public string? PostalAddress { get; init; }
    /// <summary>The delivery address by post with its parts (null unless the result goes by post).</summary>
    public DeliveryView? Delivery { get; init; }
    public long FeeAmount { get; init; }
    public DateTime? FeePaidAt { get; init; }
    public bool ClockStopped { get; init; }
    public DateTime? OriginalAppointmentAt { get; init; }
    public int Extensions { get; init; }
    public DateTime? SubmittedAt { get; init; }
    public DateTime? ReturnedAt { get; init; }
    public int? Rating { get; init; }
    public string? RatingComment { get; init; }
    public string? Outcome { get; init; }
    public IReadOnlyList<DossierDocumentView> Documents { get; init; } = [];
    public IReadOnlyList<DossierFileView> Files { get; init; } = [];
    public IReadOnlyList<DossierOpinionView> Opinions { get; init; } = [];
    /// <summary>True when an Idempotency-Key matched an earlier request: nothing new was done.</summary>
    public bool Replayed { get; init; }
}

/// <summary>
/// The one-stop counter and the process engine: receives dossiers at the counter or online (code, appointment, first
/// step), moves them through the procedure's process with the roles and agencies it names, stops the clock while the
/// applicant is awaited, and keeps their history with the timeliness of every step. Officials see the dossiers of the
/// agencies that take part in them; applicants see their own.
/// </summary>
public sealed partial class DossierService(EgovDbContext db, ICallerContext caller, ProcedureService procedures, CalendarService calendar,
    AgencyService agencies, AccountService accounts, IAuditTrail audit, TimeProvider clock, Delivery.DeliveryAddressChecker deliveryChecker)
{
    public const string ReceiveAction = "receive";
    public const string SubmitAction = "submit";
    public const string ApplicantRole = "applicant";

    /// <summary>Counter reception by a one-stop officer of the receiving agency (or a partner system holding that role).</summary>
    public Task<DossierView> ReceiveAsync(ReceiveInput input, CancellationToken ct = default) => ReceiveAsync(input, null, ct);

    public Task<DossierView> ReceiveAsync(ReceiveInput input, IReadOnlyList<IncomingFile>? files, CancellationToken ct = default) =>
        CreateAsync(input, files, online: false, ct);

    /// <summary>
    /// Online submission by a citizen or business for themselves (or by a partner portal holding the one-stop role):
    /// national status 1 until an officer accepts it; the mandatory documents come as files.
    /// </summary>
    public Task<DossierView> SubmitAsync(ReceiveInput input, IReadOnlyList<IncomingFile>? files, CancellationToken ct = default) =>
        CreateAsync(input, files, online: true, ct);

    private async Task<DossierView> CreateAsync(ReceiveInput input, IReadOnlyList<IncomingFile>? files, bool online, CancellationToken ct)
    {
        await db.KeepConnectionOpenAsync(ct);
        var key = IdempotencyKeys.Check(input.IdempotencyKey);
        db.ChangeTracker.Clear();
        if (key is not null && await FindByKeyAsync(key, ct) is { } earlier) return earlier;

        var errors = new ValidationErrors();
        var name = errors.RequiredText("applicantName", input.ApplicantName, 200, "Họ tên người nộp", "Applicant name");
        var idNumber = CheckIdNumber(errors, input.ApplicantIdNumber);
        errors.Add(PhoneNumber.Check(input.ApplicantPhone, "applicantPhone", out var phone));
        errors.Add(EmailAddress.Check(input.ApplicantEmail, "applicantEmail", out var email));
        var address = errors.OptionalText("applicantAddress", input.ApplicantAddress, 300, "Địa chỉ", "Address");
        var returnChannel = input.ReturnChannel ?? (online ? ReturnChannel.Online : ReturnChannel.Counter);
        if (!Enum.IsDefined(returnChannel))
            errors.Add("returnChannel", "unknown", "Hình thức nhận kết quả không hợp lệ.", "Unknown way of returning the result.");
        var postal = errors.OptionalText("postalAddress", input.PostalAddress, 300, "Địa chỉ nhận kết quả", "Postal address");
        if (returnChannel == ReturnChannel.Post && postal is null && input.Postal is null && !errors.Has("postalAddress"))
            errors.Add("postalAddress", "required", "Nhận kết quả qua bưu chính cần địa chỉ nhận.", "Returning by post needs a postal address.");

        AgencyRef? agency = null;
        if (input.ReceivingAgencyId is not { } agencyId)
            errors.Add("receivingAgencyId", "required", "Cơ quan tiếp nhận là bắt buộc.", "The receiving agency is required.");
        else if ((agency = await agencies.ResolveAsync("receiving", agencyId, null, ct)) is null)
            errors.Add("receivingAgencyId", "unknown", "Không có cơ quan tiếp nhận này.", "No such receiving agency.");
        var procedure = await FindProcedureAsync(input.ProcedureCode, errors, ct);
        if (agency is not null && procedure is not null && !await agencies.ReceivesForAsync(agency.Id, procedure.Definition.Agencies, ct))
            errors.Add("receivingAgencyId", "notCompetent", $"{agency.Name} không tiếp nhận thủ tục \"{procedure.Summary.Name}\".",
                $"{agency.Code} does not receive this procedure.");
        if (input.LocalAgencyId is { } local && agency is not null && await agencies.ResolveAsync("commune", agency.Id, local, ct) is null)
            errors.Add("localAgencyId", "unknown", "Không có xã, phường này trong tỉnh.", "No such commune in the province.");

        CheckApplicantMayCreate(agency, online);
        // A citizen or business submits only for itself: the applicant's number must be the account's own.
        if (online && !caller.IsOfficial && idNumber is not null && await accounts.OwnIdentifierAsync(ct) is { } own && own != idNumber)
            errors.Add("applicantIdNumber", "notOwn", "Số định danh cá nhân hoặc mã số thuế phải là của chính chủ tài khoản nộp hồ sơ.",
                "The ID number or tax code must be the submitting account's own.");
        var inspected = FileInspector.Check(files, "files", errors);
        var documents = procedure is null ? [] : CheckDocuments(procedure.Definition, input.ReceivedDocuments, inspected, online, errors);
        var (feesChosen, fee) = procedure is null ? ([], 0) : FeeSelection.Apply(procedure.Definition, input.Fees, errors);
        errors.ThrowIfAny();

        var definition = procedure!.Definition;
        var start = definition.Process.States.First(s => s.Code == definition.Process.Start);
        var acting = await ResolveOrFailAsync(start.Agency ?? "receiving", agency!.Id, input.LocalAgencyId, null, "receivingAgencyId", ct);
        var working = await calendar.WorkingCalendarAsync(agency.Id, ct);
        var now = clock.GetUtcNow();
        // Online: received when submitted, counted from the next working session (DOMAIN "Deadlines").
        var appointment = working.Appointment(now, definition.ProcessingTime.ToProcessingTime());
        var day = now.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        var dossier = new Dossier
        {
            Id = Ids.New(),
            Code = "",   // numbered on the writer's turn
            ProcedureCode = procedure.Summary.Code,
            ProcedureVersion = procedure.Summary.Version,
            ProcedureName = procedure.Summary.Name,
            Field = definition.Field,
            ReceivingAgencyId = agency.Id,
            AgencyPath = agency.Path,
            LocalAgencyId = input.LocalAgencyId,
            CurrentAgencyId = acting.Id,
            CurrentAgencyPath = acting.Path,
            ApplicantName = name!,
            ApplicantSearchName = VietnameseText.Fold(name),
            ApplicantIdNumber = idNumber!,
            ApplicantPhone = phone,
            ApplicantEmail = email,
            ApplicantAddress = address,
            ApplicantUserId = online && !caller.IsOfficial ? caller.UserId : null,
            Channel = online ? DossierChannel.Online : DossierChannel.Counter,
            ReturnChannel = returnChannel,
            PostalAddress = postal,
            SubmittedAt = online ? now.UtcDateTime : null,
            CreatedBy = caller.Actor,
            IdempotencyKey = key,
            FeeAmount = fee,
            FeeChoices = FeeSelection.Format(feesChosen),
            // Online applicants are told through their account's own choice; at the counter the consent is the dossier's.
            NotifyApplicant = !online && input.NotifyApplicant,
            State = start.Code,
            Status = online ? 1 : start.Status,
            StepRole = start.Role,
            ReceivedAt = now.UtcDateTime,
            AppointmentAt = appointment.UtcDateTime,
            StepStartedAt = now.UtcDateTime,
            StepDueAt = start.Time is { } t ? working.AddWorkingHours(now, t.Hours).UtcDateTime : null,
            Version = 1,
        };
        if (returnChannel == ReturnChannel.Post && input.Postal is { } checkedAddress) SetDelivery(dossier, ReturnChannel.Post, checkedAddress);
        var received = new DossierEvent
        {
            Id = Ids.New(), DossierId = dossier.Id, Sequence = 1, At = now.UtcDateTime, Actor = caller.Actor,
            Action = online ? SubmitAction : ReceiveAction, ToState = start.Code, AgencyId = acting.Id, AgencyName = acting.ShortName ?? acting.Name,
        };
        foreach (var d in documents) d.DossierId = dossier.Id;
        var added = NewFiles(dossier.Id, inspected, FilePurpose.Application, 1, now.UtcDateTime);

        for (var attempt = 1; ; attempt++)
        {
            db.Add(dossier);
            AddParty(dossier, agency, PartyRole.Receiving);
            if (acting.Id != agency.Id) AddParty(dossier, acting, PartyRole.Acting);
            db.AddRange(documents);
            db.AddRange(added);
            db.Add(received);
            try
            {
                // Only the number and the writing wait for the writer's turn; the number is taken in the same transaction, so it is gapless.
                await db.WriteAsync(async token =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    dossier.Code = $"{agency.Code}-{day}-{await NextSequenceAsync(agency.Code, day, token):D4}";
                    foreach (var party in db.ChangeTracker.Entries<DossierParty>()) if (party.Entity.DossierId == dossier.Id) party.Entity.Code = dossier.Code;
                    await db.SaveChangesAsync(token);
                    await transaction.CommitAsync(token);
                    return true;
                }, ct);
                db.ChangeTracker.Clear();
                // Everything the receipt shows is at hand: no need to read it back.
                return await ViewAsync(dossier, definition, ct, new DossierParts([received],
                    documents.Select(x => new DossierDocumentView(x.Index, x.Name, x.Originals, x.Copies, x.Mandatory, x.Received)).ToList(),
                    added.Select(FileView).ToList(), []));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same Idempotency-Key raced us, or a counter upsert collided: the retry finds the winner or takes the next number.
                db.ChangeTracker.Clear();
                if (key is not null && await FindByKeyAsync(key, ct) is { } winner) return winner;
            }
        }
    }

    private async Task<DossierView?> FindByKeyAsync(string key, CancellationToken ct)
    {
        var existing = await db.Set<Dossier>().AsNoTracking().FirstOrDefaultAsync(d => d.CreatedBy == caller.Actor && d.IdempotencyKey == key, ct);
        if (existing is null) return null;
        var definition = (await procedures.GetAsync(existing.ProcedureCode, existing.ProcedureVersion, ct)).Definition;
        return await ViewAsync(existing, definition, ct) with { Replayed = true };
    }

    private async Task<ProcedureView?> FindProcedureAsync(string? code, ValidationErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add("procedureCode", "required", "Thủ tục là bắt buộc.", "The procedure is required.");
            return null;
        }
        ProcedureView? procedure = null;
        try { procedure = await procedures.GetAsync(code.Trim(), null, ct); }
        catch (NotFoundException) { }
        if (procedure is { Summary.IsActive: true }) return procedure;
        errors.Add("procedureCode", "unknown", $"Không có thủ tục \"{code.Trim()}\" đang áp dụng.", $"No procedure \"{code.Trim()}\" is in force.");
        return null;
    }

    /// <summary>Officers receive for their agency; applicants submit only online and only for themselves.</summary>
    private void CheckApplicantMayCreate(AgencyRef? agency, bool online)
    {
        if (agency is not null && caller.Covers(agency.Path, Roles.OneStopOfficer, Roles.AgencyAdmin)) return;
        if (online && caller.UserId is not null && caller.Grants.Any(g => g.Role is Roles.Citizen or Roles.Business) && !caller.IsOfficial) return;
        throw new ForbiddenException(online
            ? "Only the applicant or a one-stop officer of the receiving agency submits dossiers."
            : "Only a one-stop officer of the receiving agency receives its dossiers.");
    }

    /// <summary>The checklist of the receipt: every mandatory document must be present (ticked at the counter, attached online).</summary>
    private static List<DossierDocument> CheckDocuments(ProcedureDefinition definition, IReadOnlyList<int>? ticked, IReadOnlyList<InspectedFile> files,
        bool online, ValidationErrors errors)
    {
        var present = new HashSet<int>(ticked ?? []);
        foreach (var i in present.Where(i => i < 0 || i >= definition.Documents.Count))
            errors.Add("receivedDocuments", "unknown", $"Thủ tục không có giấy tờ số {i + 1}.", $"The procedure has no document {i + 1}.");
        foreach (var f in files.Where(f => f.DocumentIndex is { } i && (i < 0 || i >= definition.Documents.Count)))
            errors.Add("files", "document", $"Tệp \"{f.FileName}\" gắn với giấy tờ không có trong thủ tục.", $"The file \"{f.FileName}\" names an unknown document.");
        if (online) present.UnionWith(files.Where(f => f.DocumentIndex is not null).Select(f => f.DocumentIndex!.Value));
        var missing = definition.Documents.Select((d, i) => (d, i)).Where(x => x.d.Mandatory && !present.Contains(x.i)).Select(x => x.d.Name).ToList();
        if (missing.Count > 0)
            errors.Add(online ? "files" : "receivedDocuments", "missing",
                $"Thiếu giấy tờ bắt buộc: {string.Join("; ", missing)}.", $"Mandatory documents are missing: {string.Join("; ", missing)}.");
        return definition.Documents.Select((d, i) => new DossierDocument
        {
            Index = i, Name = d.Name, Originals = d.Originals, Copies = d.Copies, Mandatory = d.Mandatory, Received = present.Contains(i),
        }).ToList();
    }

    /// <summary>The next number of the agency's day, counted in the caller's transaction so that it is gapless.</summary>
    private async Task<int> NextSequenceAsync(string agencyCode, string day, CancellationToken ct)
    {
        await using var command = db.TransactionCommand($"""
            INSERT INTO {OneStopModel.CounterTable} ("AgencyCode", "Day", "Last") VALUES (@p0, @p1, 1)
            ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = {OneStopModel.CounterTable}."Last" + 1
            RETURNING "Last"
            """, agencyCode, day);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string? CheckIdNumber(ValidationErrors errors, string? raw)
    {
        var value = raw?.Trim().Replace(" ", "") ?? "";
        if (value.Length == 0)
        {
            errors.Add("applicantIdNumber", "required", "Số định danh cá nhân hoặc mã số thuế là bắt buộc.", "The citizen ID number or tax code is required.");
            return null;
        }
        var citizen = CitizenId.Check(value, "applicantIdNumber", DateOnly.FromDateTime(DateTime.UtcNow), out var normalised);
        if (citizen is null) return normalised;
        if (TaxCode.Check(value, "applicantIdNumber", out var tax) is { } taxError)
        {
            errors.Add(value.Length == 12 ? citizen : taxError);
            return null;
        }
        return tax;
    }

    private void AddParty(Dossier dossier, AgencyRef agency, PartyRole role)
    {
        var tracked = db.ChangeTracker.Entries<DossierParty>().Any(e => e.Entity.DossierId == dossier.Id && e.Entity.AgencyId == agency.Id && e.Entity.Role == role);
        if (!tracked) db.Add(new DossierParty
        {
            DossierId = dossier.Id, AgencyId = agency.Id, AgencyPath = agency.Path, Role = role,
            ReceivedAt = dossier.ReceivedAt, Code = dossier.Code, ApplicantIdNumber = dossier.ApplicantIdNumber, ApplicantSearchName = dossier.ApplicantSearchName,
        });
    }

    private List<DossierFile> AddFiles(Guid dossierId, IReadOnlyList<InspectedFile> files, FilePurpose purpose, int eventSequence, DateTime now)
    {
        var added = NewFiles(dossierId, files, purpose, eventSequence, now);
        db.AddRange(added);
        return added;
    }

    private List<DossierFile> NewFiles(Guid dossierId, IReadOnlyList<InspectedFile> files, FilePurpose purpose, int eventSequence, DateTime now)
    {
        var added = files.Select(f => new DossierFile
        {
            Id = Ids.New(), DossierId = dossierId, Purpose = purpose, DocumentIndex = f.DocumentIndex, EventSequence = eventSequence,
            FileName = f.FileName, ContentType = f.ContentType, Size = f.Content.LongLength,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Content)), Content = f.Content,
            UploadedAt = now, UploadedBy = caller.Actor,
        }).ToList();
        db.AddRange(added);
        return added;
    }
}

/// <summary>Idempotency-Key values: printable, at most 100 characters (a UUID is typical).</summary>
public static class IdempotencyKeys
{
    public static string? Check(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        key = key.Trim();
        if (key.Length > 100 || key.Any(c => c < 0x21 || c > 0x7E))
            throw DomainValidationException.For("Idempotency-Key", "format", "Idempotency-Key gồm tối đa 100 ký tự in được (ví dụ một UUID).",
                "The Idempotency-Key has at most 100 printable characters (e.g. a UUID).");
        return key;
    }
}
