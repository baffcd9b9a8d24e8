using Egov.OneStop.Delivery;
using Egov.Platform.Access;
using Egov.Platform.Validation;

namespace Egov.OneStop;

/// <summary>How the result comes back: the applicant (or the counter, at their request) may change it until the result is ready.</summary>
public sealed partial class DossierService
{
    /// <summary>The national statuses in which the way of return may still change: before the result is ready (9) or the dossier closed.</summary>
    public static bool DeliveryChangeable(int status) => status is 1 or 2 or 4 or 5 or 6;

    /// <summary>The view's delivery address: one line for people, and its parts for the post office and the API.</summary>
    internal static DeliveryView? DeliveryOf(Dossier d) =>
        d.ReturnChannel != ReturnChannel.Post || d.PostalAddress is null ? null
            : new DeliveryView(d.PostalRecipientName, d.PostalPhone, d.PostalAddress, d.PostalCommuneCode, d.PostalCommuneName);

    private static void SetDelivery(Dossier d, ReturnChannel channel, DeliveryAddress? address)
    {
        d.ReturnChannel = channel;
        // The address is kept only for the post: choosing the counter again drops it (data minimisation).
        (d.PostalRecipientName, d.PostalPhone, d.PostalAddress, d.PostalCommuneCode, d.PostalCommuneName) = channel == ReturnChannel.Post && address is not null
            ? (address.RecipientName, address.Phone, address.Line, address.CommuneCode, address.CommuneName)
            : ((string?)null, (string?)null, (string?)null, (string?)null, (string?)null);
    }

    /// <summary>
    /// "doi_hinh_thuc_nhan": the applicant (their own dossier) or a one-stop officer of the receiving agency changes how the
    /// result comes back, with a delivery address checked against the Directory for the post. The history says which way was
    /// chosen, never the address (personal data, redacted in the audit trail).
    /// </summary>
    private async Task ChangeDeliveryAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (!DeliveryChangeable(d.Status))
            throw NotAvailable(s.Action, "kết quả đã có hoặc hồ sơ đã kết thúc.", "the result is ready or the dossier is closed.");
        if (!IsApplicant(d) && !caller.Covers(d.AgencyPath, Roles.OneStopOfficer))
            throw new ForbiddenException("Only the applicant or a one-stop officer of the receiving agency changes how the result is returned.");
        var errors = new ValidationErrors();
        var address = await deliveryChecker.CheckAsync(s.Input.ReturnChannel, s.Input.Postal, errors, ct);
        errors.ThrowIfAny();
        var channel = s.Input.ReturnChannel!.Value;
        AddEvent(s, d.State, comment: channel switch
        {
            ReturnChannel.Post => "Nhận kết quả qua dịch vụ bưu chính",
            ReturnChannel.Online => "Nhận kết quả trực tuyến",
            _ => "Nhận kết quả tại bộ phận một cửa",
        });
        SetDelivery(d, channel, address);
    }
}

/// <summary>A delivery address by post as shown to the dossier's readers (the counter's free text has only <see cref="Line"/>).</summary>
public sealed record DeliveryView(string? RecipientName, string? Phone, string Line, string? CommuneCode, string? CommuneName)
{
    public string Full => CommuneName is null ? Line : $"{Line}, {CommuneName}";
}
