using Egov.Platform.Validation;
using Egov.Procedures;

namespace Egov.OneStop;

/// <summary>
/// Which of a procedure's fees a dossier pays. A procedure either has one fixed fee with extras the applicant may ask
/// for (the first applies always; "8.000 đồng/bản sao, nếu có yêu cầu" only when asked), or a choice of rates of which
/// exactly one applies (<see cref="ProcedureDefinition.FeeChoice"/>: the food-safety certificate by kind of business,
/// the judicial record with its reduced and waived rates).
/// </summary>
public static class FeeSelection
{
    public const string Field = "fees";

    /// <summary>The fees that apply, in the procedure's order, and their sum; refused choices are added to <paramref name="errors"/>.
    /// Nothing chosen (an API caller who does not say) is the first fee alone.</summary>
    public static (IReadOnlyList<int> Chosen, long Amount) Apply(ProcedureDefinition definition, IReadOnlyList<int>? chosen, ValidationErrors errors)
    {
        var fees = definition.Fees;
        if (fees.Count == 0) return ([], 0);
        if (chosen is null || (chosen.Count == 0 && !definition.FeeChoice)) return ([0], fees[0].Amount);
        if (chosen.Any(i => i < 0 || i >= fees.Count))
        {
            errors.Add(Field, "unknown", "Mức phí, lệ phí đã chọn không có trong thủ tục.", "A chosen fee is not one of the procedure's.");
            return ([], 0);
        }
        var distinct = chosen.Distinct().Order().ToList();
        if (definition.FeeChoice && distinct.Count != 1)
        {
            errors.Add(Field, "chooseOne", "Hãy chọn một mức phí, lệ phí phù hợp với trường hợp của bạn.", "Choose the one rate that fits your case.");
            return ([], 0);
        }
        if (!definition.FeeChoice && !distinct.Contains(0)) distinct.Insert(0, 0);
        return (distinct, distinct.Sum(i => fees[i].Amount));
    }

    /// <summary>The chosen fees as stored on a dossier or a draft ("0,1").</summary>
    public static string? Format(IReadOnlyList<int> chosen) => chosen.Count == 0 ? null : string.Join(',', chosen);

    public static IReadOnlyList<int>? Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : stored.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
