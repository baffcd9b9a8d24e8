using Egov.Hosting;
using Egov.Identity;
using Egov.OneStop.Portal;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>The portal's guided submission: drafts kept per account and procedure, files checked and made PDF, the personal
/// document store, and one dossier however often "submit" is pressed.</summary>
public class SubmissionDraftTests
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    [Fact]
    public void Applicant_rules_name_each_bad_field_in_Vietnamese()
    {
        var errors = SubmissionDraftService.CheckApplicant(new ApplicantDetails(" ", "12345", "0912", "not-an-email", new string('x', 301)));
        Assert.Equal(["applicantName", "applicantIdNumber", "applicantPhone", "applicantEmail", "applicantAddress"], errors.All.Select(e => e.Field));
        Assert.Contains("Số điện thoại \"0912\" không hợp lệ", errors.All.Single(e => e.Field == "applicantPhone").MessageVi);
        Assert.Equal("required", SubmissionDraftService.CheckApplicant(new ApplicantDetails("An", "038095001234", null, null, null)).All.Single().Code);
        Assert.False(SubmissionDraftService.CheckApplicant(new ApplicantDetails("Nguyễn Thị An", "038095001234", "0912 345 678", null, "Hàm Rồng")).Any);
    }

    [Fact]
    public void Photos_become_one_page_pdfs_that_the_inspector_recognises()
    {
        var png = ImagePdf.Convert(TestFiles.TinyPng(), "image/png")!;
        var errors = new ValidationErrors();
        var inspected = Assert.Single(FileInspector.Check([new IncomingFile("anh.png", png, 0)], "files", errors));
        Assert.Equal("application/pdf", inspected.ContentType);
        var text = System.Text.Encoding.Latin1.GetString(png);
        Assert.Contains("/Subtype /Image /Width 2 /Height 1", text);
        Assert.Contains("/Count 1", text);
        Assert.EndsWith("%%EOF\n", text);
        // A baseline JPEG header (SOI, SOF0 of 3×2, 3 components) is embedded as it is.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 2, 0, 3, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9];
        Assert.Contains("/DCTDecode", System.Text.Encoding.Latin1.GetString(ImagePdf.Convert(jpeg, "image/jpeg")!));
        Assert.Null(ImagePdf.Convert([0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg"));
        Assert.Same(inspected, ImagePdf.AsPdf(inspected));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_citizen_fills_a_draft_step_by_step_resumes_it_and_submits_once(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var citizen = await CitizenAsync(env);
        var drafts = Drafts(env, citizen);

        var prefill = await drafts.PrefillAsync();
        Assert.Equal(("Nguyễn Thị An", DemoSeeder.DemoCitizenId, "0912345678"), (prefill.Name, prefill.IdNumber, prefill.Phone));
        // A bad phone is refused next to its field, but what was typed is kept in the draft.
        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => drafts.SaveApplicantAsync(BirthRegistration, prefill with { Phone = "0912" }));
        Assert.Equal("applicantPhone", Assert.Single(bad.Errors.All).Field);
        var kept = (await Drafts(env, citizen).FindAsync(BirthRegistration))!;
        Assert.Equal(("0912", DraftStep.Applicant), (kept.Applicant.Phone, kept.Step));
        // The ID number is the account's own, whatever is sent.
        var draft = await drafts.SaveApplicantAsync(BirthRegistration, prefill with { IdNumber = "001203004567", Address = "Phường Hàm Rồng" });
        Assert.Equal((kept.Id, DemoSeeder.DemoCitizenId, DraftStep.Documents), (draft.Id, draft.Applicant.IdNumber, draft.Step));

        var missing = await Assert.ThrowsAsync<DomainValidationException>(() => drafts.CompleteDocumentsAsync(draft.Id));
        Assert.Contains(missing.Errors.All, e => e.Field == "document-0" && e.MessageVi.Contains("Tờ khai đăng ký khai sinh"));
        var disguised = await Assert.ThrowsAsync<DomainValidationException>(() => drafts.AttachAsync(draft.Id, [new IncomingFile("a.pdf", "MZ not a pdf"u8.ToArray(), 0)]));
        Assert.Equal("type", Assert.Single(disguised.Errors.All).Code);
        draft = await drafts.AttachAsync(draft.Id, [new IncomingFile("to-khai.png", TestFiles.TinyPng(), 0)]);
        var file = Assert.Single(draft.Files);
        Assert.Equal(("to-khai.pdf", "application/pdf", 0), (file.FileName, file.ContentType, file.DocumentIndex));
        draft = await drafts.CompleteDocumentsAsync(draft.Id);
        Assert.Equal(DraftStep.Delivery, draft.Step);

        var post = await Assert.ThrowsAsync<DomainValidationException>(() => drafts.SaveDeliveryAsync(draft.Id, new DeliveryInput(env.Commune.Id, ReturnChannel.Post, " ")));
        // The post needs who receives it, a phone, the street and the commune: each is named, what was typed is kept.
        Assert.Equal(["postalRecipientName", "postalPhone", "postalLine", "postalProvinceCode"], post.Errors.All.Select(e => e.Field));
        var province = await env.AgencyAsync("000.00.00.H56");
        var wrong = await Assert.ThrowsAsync<DomainValidationException>(() => drafts.SaveDeliveryAsync(draft.Id, new DeliveryInput(province.Id, ReturnChannel.Online, null)));
        Assert.Equal("receivingAgencyId", Assert.Single(wrong.Errors.All).Field);
        draft = await drafts.SaveDeliveryAsync(draft.Id, new DeliveryInput(env.Commune.Id, ReturnChannel.Post, null)
        {
            Postal = new Delivery.DeliveryAddressInput("Nguyễn Thị An", "0912345678", "12 Lê Lợi", "38", "ham rong"),
        });
        Assert.Equal(DraftStep.Review, draft.Step);

        // Resumed elsewhere (a new scope, as another device's request would be): the same draft, in the list.
        var again = Drafts(env, citizen);
        Assert.Equal(draft.Id, Assert.Single(await again.ListAsync()).Id);
        var dossier = await again.SubmitAsync(draft.Id);
        Assert.Equal((1, ReturnChannel.Post), (dossier.Summary.Status, dossier.ReturnChannel));
        Assert.Equal("to-khai.pdf", Assert.Single(dossier.Files).FileName);
        var second = await Drafts(env, citizen).SubmitAsync(draft.Id);
        Assert.Equal(dossier.Summary.Code, second.Summary.Code);
        Assert.True(second.Replayed);
        Assert.Empty(await Drafts(env, citizen).ListAsync());
        await Assert.ThrowsAsync<ConflictException>(() => Drafts(env, citizen).AttachAsync(draft.Id, [new IncomingFile("x.pdf", Pdf, 0)]));
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        Assert.Equal(1, await db.Set<Dossier>().CountAsync(d => d.ApplicantUserId == citizen.UserId));
        // The trail records that personal data changed, never what it is.
        var trail = await db.Set<Egov.Audit.AuditEntry>().Where(e => e.EntityId == draft.Id.ToString()).Select(e => e.Details).ToListAsync();
        Assert.NotEmpty(trail);
        Assert.DoesNotContain(trail, d => d != null && (d.Contains("0912345678") || d.Contains("Lê Lợi")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accepted_files_fill_the_personal_store_and_nobody_sees_another_persons_drafts_or_documents(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var citizen = await CitizenAsync(env);
        var portal = env.AsCaller(citizen);
        var submitted = await portal.SubmitAsync(new ReceiveInput(BirthRegistration, env.Commune.Id, "Nguyễn Thị An", DemoSeeder.DemoCitizenId, "0912345678", null),
            [new IncomingFile("giay-chung-sinh.pdf", Pdf, 1), new IncomingFile("to-khai.pdf", Pdf, 0)]);
        Assert.Empty(await Drafts(env, citizen).StoreAsync());   // not accepted yet
        await env.As(Roles.OneStopOfficer, env.Commune).ActAsync(submitted.Summary.Code, EngineActions.Accept, null);
        var store = await Drafts(env, citizen).StoreAsync();
        Assert.Equal(2, store.Count);
        var birth = Assert.Single(store, s => s.FileName == "giay-chung-sinh.pdf");
        Assert.Equal(submitted.Summary.Code, birth.DossierCode);
        Assert.False(string.IsNullOrEmpty(birth.DocumentName));

        var drafts = Drafts(env, citizen);
        var draft = await drafts.SaveApplicantAsync(BirthRegistration, await drafts.PrefillAsync());
        draft = await drafts.ReuseAsync(draft.Id, 1, birth.Id);
        Assert.True(Assert.Single(draft.Files).Reused);

        // Someone else: no store, no draft, and the first citizen's draft is "not found".
        var other = new GrantedCaller(new CallerGrant(Roles.Citizen, Guid.Empty, ""));
        Assert.Empty(await Drafts(env, other).StoreAsync());
        Assert.Empty(await Drafts(env, other).ListAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Drafts(env, other).GetAsync(draft.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Drafts(env, other).DeleteAsync(draft.Id));
        var stranger = await Assert.ThrowsAsync<DomainValidationException>(() => Drafts(env, other).SaveApplicantAsync(BirthRegistration, new("B", null, null, null, null)));
        Assert.Contains(stranger.Errors.All, e => e.Field == "applicantIdNumber");
        var strangersDraft = (await Drafts(env, other).FindAsync(BirthRegistration))!.Id;
        await Assert.ThrowsAsync<DomainValidationException>(() => Drafts(env, other).ReuseAsync(strangersDraft, 1, birth.Id));
        // Officials receive at the counter; they have no drafts.
        await Assert.ThrowsAsync<ForbiddenException>(() => Drafts(env, new GrantedCaller(new CallerGrant(Roles.OneStopOfficer, env.Commune.Id, env.Commune.Path))).ListAsync());

        await drafts.DeleteAsync(draft.Id);
        Assert.Empty(await Drafts(env, citizen).ListAsync());
    }

    private static SubmissionDraftService Drafts(OneStopEnv env, ICallerContext caller) =>
        env.Scope(caller).ServiceProvider.GetRequiredService<SubmissionDraftService>();

    private static async Task<CitizenCaller> CitizenAsync(OneStopEnv env)
    {
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var id = await db.Set<EgovUser>().Where(u => u.CitizenId == DemoSeeder.DemoCitizenId).Select(u => u.Id).SingleAsync();
        return new CitizenCaller(id);
    }

    private sealed class CitizenCaller(Guid id) : ICallerContext
    {
        public Guid? UserId => id;
        public string Actor => id.ToString();
        public IReadOnlyList<CallerGrant> Grants { get; } = [new(Roles.Citizen, Guid.Empty, "")];
    }
}
