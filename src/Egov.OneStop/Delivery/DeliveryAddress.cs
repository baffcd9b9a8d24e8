using Egov.Platform.Text;
using Egov.Platform.Validation;

namespace Egov.OneStop.Delivery;

/// <summary>What the applicant typed for delivery by post, as typed (kept even when a rule refuses it).</summary>
public sealed record DeliveryAddressInput(string? RecipientName, string? Phone, string? Line, string? ProvinceCode, string? Commune);

/// <summary>A checked delivery address: the commune is one of the Directory's administrative units (2026 scheme).</summary>
public sealed record DeliveryAddress(string RecipientName, string Phone, string Line, string CommuneCode, string CommuneName)
{
    /// <summary>One line for forms, the officer's page and the post office's slip.</summary>
    public string Full => $"{Line}, {CommuneName}";
}

/// <summary>A commune of the Directory as the delivery rules need it: code, name and the province it belongs to.</summary>
public sealed record CommuneOption(string Code, string Name, string ProvinceCode, string ProvinceName);

/// <summary>
/// The rules of a delivery address (BCCI: the post office needs who receives it, a phone to call, the street and the commune).
/// Plain C#: the communes of the chosen province are given, so the rules are tested without a database.
/// </summary>
public static class DeliveryAddressRules
{
    public const int NameMax = 200, LineMax = 300;

    /// <summary>The fields' names in the API's JSON, its problem details and the pages' inputs.</summary>
    public static class Fields
    {
        public const string RecipientName = "postalRecipientName", Phone = "postalPhone", Line = "postalLine",
            ProvinceCode = "postalProvinceCode", Commune = "postalCommune";
        public static readonly string[] All = [RecipientName, Phone, Line, ProvinceCode, Commune];
    }

    /// <summary>
    /// Checks the input; each broken rule is added under its field as the API and the pages name it (<see cref="Fields"/>).
    /// The commune may be given by its code or by its name with or without diacritics or its type ("ham rong", "Phường Hàm Rồng").
    /// </summary>
    public static DeliveryAddress? Check(DeliveryAddressInput? input, IReadOnlyList<CommuneOption> communesOfProvince, ValidationErrors errors)
    {
        var before = errors.All.Count;
        input ??= new DeliveryAddressInput(null, null, null, null, null);
        var name = errors.RequiredText(Fields.RecipientName, input.RecipientName, NameMax, "Họ tên người nhận", "Recipient's name");
        string? phone = null;
        if (string.IsNullOrWhiteSpace(input.Phone))
            errors.Add(Fields.Phone, "required", "Số điện thoại người nhận là bắt buộc (bưu tá gọi trước khi giao).", "The recipient's phone is required.");
        else errors.Add(PhoneNumber.Check(input.Phone, Fields.Phone, out phone));
        var line = errors.RequiredText(Fields.Line, input.Line, LineMax, "Số nhà, đường, thôn/xóm", "Street address");
        if (line is { Length: < 3 })
        {
            errors.Add(Fields.Line, "tooShort", "Hãy ghi rõ số nhà, đường hoặc thôn, xóm để bưu tá tìm được.", "Give the house number and street or village.");
            line = null;
        }
        CommuneOption? commune = null;
        if (string.IsNullOrWhiteSpace(input.ProvinceCode))
            errors.Add(Fields.ProvinceCode, "required", "Hãy chọn tỉnh, thành phố.", "Choose the province.");
        else if (communesOfProvince.Count == 0)
            errors.Add(Fields.ProvinceCode, "unknown", "Tỉnh, thành phố đã chọn không có trong danh mục đơn vị hành chính.", "Unknown province.");
        else if (string.IsNullOrWhiteSpace(input.Commune))
            errors.Add(Fields.Commune, "required", "Hãy ghi xã, phường nhận kết quả.", "Give the commune or ward.");
        else
        {
            var matches = Match(input.Commune, communesOfProvince);
            if (matches.Count == 1) commune = matches[0];
            else if (matches.Count == 0)
                errors.Add(Fields.Commune, "unknown", $"Không tìm thấy xã, phường \"{input.Commune.Trim()}\" trong {communesOfProvince[0].ProvinceName}; hãy chọn trong danh sách.",
                    $"No commune \"{input.Commune.Trim()}\" in {communesOfProvince[0].ProvinceName}; choose one from the list.");
            else
                errors.Add(Fields.Commune, "ambiguous", $"Có {matches.Count} xã, phường khớp \"{input.Commune.Trim()}\": {string.Join(", ", matches.Take(5).Select(m => m.Name))}; hãy ghi đầy đủ.",
                    $"{matches.Count} communes match \"{input.Commune.Trim()}\"; be more precise.");
        }
        return errors.All.Count > before || name is null || phone is null || line is null || commune is null
            ? null
            : new DeliveryAddress(name, phone, line, commune.Code, $"{commune.Name}, {commune.ProvinceName}");
    }

    /// <summary>By code, by the full name, or by the name without its type word (xã, phường, đặc khu, thị trấn).</summary>
    public static IReadOnlyList<CommuneOption> Match(string text, IReadOnlyList<CommuneOption> communes)
    {
        var trimmed = text.Trim();
        var byCode = communes.Where(c => c.Code == trimmed).ToList();
        if (byCode.Count > 0) return byCode;
        var folded = Squash(VietnameseText.Fold(trimmed));
        var exact = communes.Where(c => Squash(VietnameseText.Fold(c.Name)) == folded).ToList();
        return exact.Count > 0 ? exact : communes.Where(c => Bare(c.Name) == Bare(trimmed)).ToList();
    }

    private static readonly string[] TypeWords = ["xa ", "phuong ", "dac khu ", "thi tran "];

    private static string Bare(string name)
    {
        var folded = Squash(VietnameseText.Fold(name));
        foreach (var word in TypeWords)
            if (folded.StartsWith(word, StringComparison.Ordinal)) return folded[word.Length..];
        return folded;
    }

    private static string Squash(string folded) => string.Join(' ', folded.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Checks a return channel with its delivery address against the Directory's administrative units.</summary>
public sealed class DeliveryAddressChecker(Egov.Directory.Units.AdministrativeUnitService units)
{
    /// <summary>
    /// The channel is required and known; for the post, the address must pass <see cref="DeliveryAddressRules"/>. Returns the
    /// checked address (null for other channels or when a rule broke: the errors say which).
    /// </summary>
    public async Task<DeliveryAddress?> CheckAsync(ReturnChannel? channel, DeliveryAddressInput? postal, ValidationErrors errors, CancellationToken ct = default)
    {
        if (channel is not { } c || !Enum.IsDefined(c))
        {
            errors.Add("returnChannel", "required", "Hãy chọn hình thức nhận kết quả.", "Choose how to receive the result.");
            return null;
        }
        if (c != ReturnChannel.Post) return null;
        var communes = await CommunesAsync(postal?.ProvinceCode, ct);
        return DeliveryAddressRules.Check(postal, communes, errors);
    }

    public async Task<IReadOnlyList<CommuneOption>> CommunesAsync(string? provinceCode, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(provinceCode) ? []
            : (await units.CommunesOfAsync(provinceCode, ct)).Select(u => new CommuneOption(u.Code, u.Name, provinceCode.Trim(), u.ProvinceName)).ToList();

    public Task<IReadOnlyList<(string Code, string Name)>> ProvincesAsync(CancellationToken ct = default) => units.ProvincesAsync(ct);

    /// <summary>One commune by its code (2026 structure) with its province, or null.</summary>
    public async Task<CommuneOption?> CommuneAsync(string code, CancellationToken ct = default)
    {
        try
        {
            var unit = await units.GetAsync(Egov.Directory.Units.UnitSchemes.TwoTier2026, code, ct);
            return unit.ParentCode is null ? null : (await CommunesAsync(unit.ParentCode, ct)).FirstOrDefault(c => c.Code == code);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The province proposed first on a delivery form: the deployment's own.</summary>
    public Task<string?> HomeProvinceCodeAsync(CancellationToken ct = default) => units.HomeProvinceCodeAsync(ct);
}
