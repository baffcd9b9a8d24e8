using Egov.OneStop;
using Egov.OneStop.Delivery;

namespace Egov.Web.Components.Pages.Portal;

/// <summary>The delivery part of a portal form as posted (every value kept as typed, so nothing is lost on an error).</summary>
public class DeliveryChoice
{
    public string? ReturnChannel { get; set; }
    public string? PostalRecipientName { get; set; }
    public string? PostalPhone { get; set; }
    public string? PostalLine { get; set; }
    public string? PostalProvinceCode { get; set; }
    public string? PostalCommune { get; set; }

    public DeliveryAddressInput Postal => new(PostalRecipientName, PostalPhone, PostalLine, PostalProvinceCode, PostalCommune);

    /// <summary>Fills the form from what was saved before; an empty recipient is the applicant, an empty province the home one.</summary>
    public void From(ReturnChannel? channel, DeliveryAddressInput? saved, string? applicantName, string? applicantPhone, string? homeProvince)
    {
        ReturnChannel = channel?.ToString();
        PostalRecipientName = saved?.RecipientName ?? applicantName;
        PostalPhone = saved?.Phone ?? applicantPhone;
        PostalLine = saved?.Line;
        PostalProvinceCode = saved?.ProvinceCode ?? homeProvince;
        PostalCommune = saved?.Commune;
    }
}
