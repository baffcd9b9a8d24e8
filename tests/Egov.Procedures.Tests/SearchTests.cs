using Egov.Procedures.Search;

namespace Egov.Procedures.Tests;

/// <summary>The portal's search rules over the seeded catalogue, in memory: no database, no web server.</summary>
public class SearchTests
{
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["HT"] = "Hộ tịch", ["CT"] = "Chứng thực", ["DD"] = "Đất đai", ["XD"] = "Xây dựng", ["DKKD"] = "Thành lập và hoạt động doanh nghiệp",
        ["DB"] = "Đường bộ", ["GDDT"] = "Giáo dục và Đào tạo", ["YT"] = "Y tế", ["LDVL"] = "Việc làm", ["BTXH"] = "Bảo trợ xã hội",
    };

    private static readonly Lazy<ProcedureSearchIndex> Seeded = new(() =>
    {
        using var stream = typeof(ProcedureService).Assembly.GetManifestResourceStream("Egov.Procedures.Seed.procedures.json")!;
        var definitions = ProcedureService.ParseAsync(stream).GetAwaiter().GetResult();
        return new ProcedureSearchIndex(definitions.Select(d => new SearchDocument(d, FieldNames.GetValueOrDefault(d.Field) ?? d.Field)), LifeEvent.Seeded);
    });

    private static ProcedureSearchIndex Index => Seeded.Value;
    private static string First(string text) => Index.Search(new FindQuery(text))[0].Name;

    [Theory]
    [InlineData("Đăng ký khai sinh")]
    [InlineData("dang ky khai sinh")]
    [InlineData("đăng kí khai sinh")]
    [InlineData("DANG KI KHAI SINH")]
    [InlineData("khai sinh")]
    [InlineData("khai sinh dang ky")]      // any order
    [InlineData("dangky khaisinh")]        // words typed together
    [InlineData("dang ky khai snih")]      // two letters swapped
    [InlineData("dang ky khai xinh")]      // s/x confusion: one letter off
    [InlineData("thủ tục đăng ký khai sinh")] // words around the request
    [InlineData("khai si")]                // still typing
    public void Finds_birth_registration_first_however_typed(string text) => Assert.Equal("Đăng ký khai sinh", First(text));

    [Fact]
    public void Every_word_matched_ranks_before_some_words_matched()
    {
        var hits = Index.Search(new FindQuery("dang ky ket hon"));
        Assert.Equal("Đăng ký kết hôn", hits[0].Name);
        Assert.True(hits[0].AllWords);
        // Other registrations match "đăng ký" only: listed after, marked partial.
        Assert.Contains(hits, h => !h.AllWords && h.Name.StartsWith("Đăng ký khai"));
        Assert.True(hits.SkipWhile(h => h.AllWords).All(h => !h.AllWords));
    }

    [Fact]
    public void A_phrase_and_a_short_name_rank_higher()
    {
        var hits = Index.Search(new FindQuery("giay phep xay dung"));
        Assert.All(hits.TakeWhile(h => h.AllWords), h => Assert.Contains("giấy phép xây dựng", h.Name, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", hits[0].Name);
    }

    [Fact]
    public void Words_of_the_field_find_its_procedures()
    {
        var hits = Index.Search(new FindQuery("ho tich"));
        Assert.Contains(hits, h => h.Name == "Đăng ký khai tử");
        Assert.All(hits.Where(h => h.AllWords), h => Assert.Equal("HT", h.Field));
    }

    [Fact]
    public void Nothing_like_the_query_finds_nothing()
    {
        Assert.Empty(Index.Search(new FindQuery("xyzxyz qwerty")));
        // Half the words must match: one syllable shared with a name is not enough.
        Assert.Empty(Index.Search(new FindQuery("khai sinh qwerty asdf zxcv")));
    }

    [Fact]
    public void A_code_finds_its_procedure()
    {
        var hit = Assert.Single(Index.Search(new FindQuery("1.001193")));
        Assert.Equal("1.001193.000.00.00.H56", hit.Code);
    }

    [Fact]
    public void Filters_narrow_by_field_agency_online_level_and_life_event()
    {
        var all = Index.Search(new FindQuery());
        Assert.Equal(Index.Count, all.Count);
        Assert.All(Index.Search(new FindQuery(Field: "HT")), h => Assert.Equal("HT", h.Field));
        Assert.All(Index.Search(new FindQuery(Agency: "department:justice")), h => Assert.Contains("department:justice", h.Agencies));
        Assert.All(Index.Search(new FindQuery(OnlineLevel: OnlineLevel.Full)), h => Assert.Equal(OnlineLevel.Full, h.OnlineLevel));
        Assert.NotEmpty(Index.Search(new FindQuery(OnlineLevel: OnlineLevel.Partial)));

        var birth = Index.Search(new FindQuery(LifeEvent: "birth")).Select(h => h.Name).ToList();
        Assert.Contains("Đăng ký khai sinh", birth);
        Assert.DoesNotContain("Đăng ký kết hôn", birth);
        Assert.All(Index.Search(new FindQuery(LifeEvent: "education")), h => Assert.Equal("GDDT", h.Field)); // by field
        Assert.Empty(Index.Search(new FindQuery(LifeEvent: "no-such-event")));
        // Words and filters together.
        Assert.Equal("Đăng ký kết hôn", Assert.Single(Index.Search(new FindQuery("ket hon", LifeEvent: "marriage", OnlineLevel: OnlineLevel.Partial))).Name);
    }

    [Fact]
    public void Browse_lists_count_procedures_in_force()
    {
        Assert.Equal(Index.Count, Index.Fields().Sum(f => f.Count));
        Assert.Contains(Index.Fields(), f => f.Code == "HT" && f.Name == "Hộ tịch" && f.Count >= 7);
        Assert.Contains(Index.AgencyReferences(), a => a.Reference == "every-commune");
        Assert.Contains(Index.Events(), e => e.Event.Code == "house" && e.Count == 2);
    }

    [Fact]
    public void Every_life_event_names_procedures_and_fields_of_the_seed()
    {
        var codes = Index.Search(new FindQuery()).Select(h => h.Code).ToHashSet();
        var fields = Index.Fields().Select(f => f.Code).ToHashSet();
        foreach (var e in LifeEvent.Seeded)
        {
            Assert.True((e.Procedures?.Count ?? 0) + (e.Fields?.Count ?? 0) > 0, e.Code);
            Assert.All(e.Procedures ?? [], c => Assert.Contains(c, codes));
            Assert.All(e.Fields ?? [], f => Assert.Contains(f, fields));
        }
        Assert.Equal(LifeEvent.Seeded.Count, LifeEvent.Seeded.Select(e => e.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("dang", "dang", 0)]
    [InlineData("dnag", "dang", 1)]   // swap
    [InlineData("dan", "dang", 1)]    // missing letter
    [InlineData("sinh", "xinh", 1)]
    [InlineData("khai", "sinh", 3)]   // past the limit of 2
    public void Edit_distance_counts_typing_errors(string a, string b, int distance) =>
        Assert.Equal(distance, ProcedureSearchIndex.EditDistance(a, b, 2));

    [Theory]
    [InlineData("xinh", "sinh")]
    [InlineData("truong", "chuon")]
    [InlineData("giay", "day")]
    [InlineData("ruong", "duon")]
    [InlineData("nam", "lam")]
    [InlineData("nghiep", "nghiep")]   // ng, nh are initials of their own
    [InlineData("chuc", "chut")]
    public void Sound_keys_merge_letters_that_accents_confuse(string syllable, string key) =>
        Assert.Equal(key, ProcedureSearchIndex.SoundKey(syllable));

    [Theory]
    [InlineData("truong hop", "trường hợp")]   // as typed
    [InlineData("chuong hop", "trường hợp")]   // tr/ch
    [InlineData("dây phép", "giấy phép")]       // d/gi
    public void Accent_misspellings_still_find(string text, string part) =>
        Assert.Contains(part, Index.Search(new FindQuery(text))[0].Name, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Seeded_form_templates_are_named_by_a_procedure()
    {
        var named = Index.Search(new FindQuery()).Select(h => Index.Find(h.Code)!).SelectMany(d => d.Definition.Documents)
            .Select(d => d.Template).OfType<string>().ToHashSet();
        Assert.True(ProcedureFinder.HasForm("to-khai-dang-ky-khai-sinh.docx"));
        Assert.False(ProcedureFinder.HasForm("../procedures.json"));
        Assert.Contains("to-khai-dang-ky-khai-sinh.docx", named);
    }

    [Fact]
    public void Seeded_procedures_say_who_may_apply() =>
        Assert.All(Index.Search(new FindQuery()), h => Assert.False(string.IsNullOrWhiteSpace(Index.Find(h.Code)!.Definition.Applicants)));
}
