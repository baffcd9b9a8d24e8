using System.Text.RegularExpressions;
using Egov.Platform.Access;
using Egov.Platform.Validation;

namespace Egov.Procedures;

/// <summary>
/// The rules a procedure must satisfy before it is stored: its identity and catalogue data, and a process that
/// can actually be run — every state reachable, no dead ends, known roles, and step times that fit the total.
/// Field names are JSON paths ("process.states[2].role") so that an importer sees where the problem is.
/// </summary>
public static partial class ProcedureValidator
{
    /// <summary>Roles that may act in a process: the officials' roles and the applicant.</summary>
    public static readonly IReadOnlySet<string> ProcessRoles =
        new HashSet<string>(Roles.OfficialRoles) { "applicant" };

    [GeneratedRegex(@"^\d\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")]
    private static partial Regex NationalCode();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,40}$")]
    private static partial Regex StepCode();

    [GeneratedRegex(@"^(receiving|commune|province-committee|every-commune|service-centre|department:[a-z-]{2,30}|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})$")]
    private static partial Regex AgencyRef();

    public static ValidationErrors Validate(ProcedureDefinition d, IReadOnlySet<string> knownFields, string prefix = "")
    {
        var e = new ValidationErrors();
        string P(string path) => prefix + path;
        if (string.IsNullOrWhiteSpace(d.Code) || !NationalCode().IsMatch(d.Code))
            e.Add(P("code"), "format", $"Mã thủ tục \"{d.Code}\" không đúng định dạng của Cơ sở dữ liệu quốc gia (ví dụ 1.001193.000.00.00.H56).",
                $"Procedure code \"{d.Code}\" is not in the national format (e.g. 1.001193.000.00.00.H56).");
        e.RequiredText(P("name"), d.Name, 500, "Tên thủ tục", "Name");
        if (!knownFields.Contains(d.Field ?? ""))
            e.Add(P("field"), "unknownField", $"Lĩnh vực \"{d.Field}\" không có trong danh mục lĩnh vực.", $"Field \"{d.Field}\" is not in the catalogue.");
        if (d.Agencies is null || d.Agencies.Count == 0)
            e.Add(P("agencies"), "required", "Cần ít nhất một cơ quan có thẩm quyền.", "At least one competent agency is required.");
        else
            for (var i = 0; i < d.Agencies.Count; i++)
                if (!AgencyRef().IsMatch(d.Agencies[i] ?? ""))
                    e.Add(P($"agencies[{i}]"), "agency", $"Cơ quan \"{d.Agencies[i]}\" không hợp lệ.", $"Agency reference \"{d.Agencies[i]}\" is not valid.");
        if (d.ProcessingTime is null || d.ProcessingTime.Value < 0 || d.ProcessingTime.Value > 365 * 8)
            e.Add(P("processingTime"), "range", "Thời hạn giải quyết không hợp lệ.", "The processing time is not valid.");
        e.RequiredText(P("resultType"), d.ResultType, 500, "Kết quả thực hiện", "Result type");
        e.OptionalText(P("applicants"), d.Applicants, 1000, "Đối tượng thực hiện", "Who may apply");
        for (var i = 0; i < (d.Fees?.Count ?? 0); i++)
        {
            var fee = d.Fees![i];
            e.RequiredText(P($"fees[{i}].name"), fee.Name, 300, "Tên phí, lệ phí", "Fee name");
            if (fee.Amount < 0) e.Add(P($"fees[{i}].amount"), "range", "Mức phí không được âm.", "A fee cannot be negative.");
        }
        for (var i = 0; i < (d.Documents?.Count ?? 0); i++)
        {
            var doc = d.Documents![i];
            e.RequiredText(P($"documents[{i}].name"), doc.Name, 500, "Tên giấy tờ", "Document name");
            if (doc.Originals < 0 || doc.Copies < 0 || doc.Originals + doc.Copies == 0)
                e.Add(P($"documents[{i}].originals"), "count", "Cần ít nhất một bản chính hoặc bản sao.", "At least one original or copy.");
        }
        if (d.Process is null) e.Add(P("process"), "required", "Thiếu quy trình nội bộ.", "The internal process is missing.");
        else ValidateProcess(d.Process, d.ProcessingTime, e, P("process"));
        return e;
    }

    private static void ValidateProcess(ProcessDefinition p, Duration? total, ValidationErrors e, string prefix)
    {
        var states = p.States ?? [];
        var actions = p.Actions ?? [];
        var byCode = new Dictionary<string, ProcessState>();
        for (var i = 0; i < states.Count; i++)
        {
            var s = states[i];
            var at = $"{prefix}.states[{i}]";
            if (!StepCode().IsMatch(s.Code ?? "")) e.Add($"{at}.code", "format", $"Mã bước \"{s.Code}\" không hợp lệ.", $"State code \"{s.Code}\" is not valid.");
            else if (!byCode.TryAdd(s.Code!, s)) e.Add($"{at}.code", "duplicate", $"Mã bước \"{s.Code}\" bị lặp.", $"State code \"{s.Code}\" is repeated.");
            e.RequiredText($"{at}.name", s.Name, 300, "Tên bước", "State name");
            if (!ProcedureDefinition.Statuses.ContainsKey(s.Status))
                e.Add($"{at}.status", "status", $"Trạng thái {s.Status} không thuộc danh mục trạng thái quốc gia (1–10).", $"Status {s.Status} is not a national status (1–10).");
            if (!s.End && (s.Role is null || !ProcessRoles.Contains(s.Role)))
                e.Add($"{at}.role", "unknownRole", $"Vai trò \"{s.Role}\" của bước \"{s.Code}\" không hợp lệ.", $"Unknown role \"{s.Role}\" in state \"{s.Code}\".");
            if (s.Agency is not null && !AgencyRef().IsMatch(s.Agency))
                e.Add($"{at}.agency", "agency", $"Cơ quan \"{s.Agency}\" của bước \"{s.Code}\" không hợp lệ.", $"Agency reference \"{s.Agency}\" is not valid.");
            foreach (var (o, j) in (s.Opinions ?? []).Select((o, j) => (o, j)))
                if (!AgencyRef().IsMatch(o ?? ""))
                    e.Add($"{at}.opinions[{j}]", "agency", $"Cơ quan cho ý kiến \"{o}\" không hợp lệ.", $"Opinion agency \"{o}\" is not valid.");
            if (s.Time is { Value: < 0 }) e.Add($"{at}.time", "range", "Thời gian của bước không được âm.", "A step time cannot be negative.");
        }
        if (!byCode.ContainsKey(p.Start ?? ""))
            e.Add($"{prefix}.start", "unknownState", $"Bước bắt đầu \"{p.Start}\" không có trong danh sách bước.", $"Start state \"{p.Start}\" is not defined.");
        if (!states.Any(s => s.End && s.Status == 10))
            e.Add($"{prefix}.states", "noReturn", "Quy trình phải có bước kết thúc \"Đã trả kết quả\" (trạng thái 10).", "The process needs an end state with status 10 (result returned).");

        var actionCodes = new HashSet<string>();
        var next = byCode.Keys.ToDictionary(k => k, _ => new List<string>());
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            var at = $"{prefix}.actions[{i}]";
            if (!StepCode().IsMatch(a.Code ?? "")) e.Add($"{at}.code", "format", $"Mã thao tác \"{a.Code}\" không hợp lệ.", $"Action code \"{a.Code}\" is not valid.");
            else if (!actionCodes.Add($"{a.From}/{a.Code}")) e.Add($"{at}.code", "duplicate", $"Thao tác \"{a.Code}\" bị lặp ở bước \"{a.From}\".", $"Action \"{a.Code}\" is repeated in state \"{a.From}\".");
            e.RequiredText($"{at}.name", a.Name, 300, "Tên thao tác", "Action name");
            if (!byCode.TryGetValue(a.From ?? "", out var from))
                e.Add($"{at}.from", "unknownState", $"Thao tác \"{a.Code}\" đi từ bước không tồn tại \"{a.From}\".", $"Action \"{a.Code}\" starts from unknown state \"{a.From}\".");
            else if (from.End)
                e.Add($"{at}.from", "fromEnd", $"Thao tác \"{a.Code}\" đi từ bước kết thúc \"{a.From}\".", $"Action \"{a.Code}\" leaves end state \"{a.From}\".");
            if (!byCode.ContainsKey(a.To ?? ""))
                e.Add($"{at}.to", "unknownState", $"Thao tác \"{a.Code}\" đến bước không tồn tại \"{a.To}\".", $"Action \"{a.Code}\" leads to unknown state \"{a.To}\".");
            if (a.Roles is null || a.Roles.Count == 0)
                e.Add($"{at}.roles", "required", $"Thao tác \"{a.Code}\" cần ít nhất một vai trò.", $"Action \"{a.Code}\" needs at least one role.");
            else
                foreach (var r in a.Roles.Where(r => !ProcessRoles.Contains(r)))
                    e.Add($"{at}.roles", "unknownRole", $"Vai trò \"{r}\" của thao tác \"{a.Code}\" không hợp lệ.", $"Unknown role \"{r}\" in action \"{a.Code}\".");
            if (a.From is not null && a.To is not null && next.TryGetValue(a.From, out var list)) list.Add(a.To);
        }
        if (e.Any || p.Start is null) return;

        // Every state reachable from the start; every state that is not an end has a way out.
        var reached = new HashSet<string> { p.Start };
        var queue = new Queue<string>([p.Start]);
        while (queue.TryDequeue(out var s))
            foreach (var n in next[s])
                if (reached.Add(n)) queue.Enqueue(n);
        for (var i = 0; i < states.Count; i++)
        {
            if (!reached.Contains(states[i].Code))
                e.Add($"{prefix}.states[{i}]", "unreachable", $"Bước \"{states[i].Code}\" không thể đến được từ bước bắt đầu.", $"State \"{states[i].Code}\" cannot be reached from the start.");
            else if (!states[i].End && next[states[i].Code].Count == 0)
                e.Add($"{prefix}.states[{i}]", "deadEnd", $"Bước \"{states[i].Code}\" không có thao tác nào để đi tiếp.", $"State \"{states[i].Code}\" has no way out.");
        }

        // The step times along the longest way to the result must fit within the procedure's processing time.
        if (total is not null && total.Value > 0)
        {
            var longest = LongestHours(p.Start, byCode, next, []);
            if (longest > total.Hours + 1e-9)
                e.Add($"{prefix}.states", "tooLong",
                    $"Tổng thời gian các bước ({Hours(longest)}) vượt quá thời hạn giải quyết ({Hours(total.Hours)}).",
                    $"The steps take {longest} working hours, more than the processing time ({total.Hours} h).");
        }
    }

    /// <summary>Longest sum of step times over simple paths (loops such as supplements are walked once); processes are small.</summary>
    private static double LongestHours(string state, Dictionary<string, ProcessState> states, Dictionary<string, List<string>> next, HashSet<string> onPath)
    {
        if (!onPath.Add(state)) return 0;
        var own = states[state].Status is 5 or 6 ? 0 : states[state].Time?.Hours ?? 0; // the clock stops while the applicant is awaited
        var best = next[state].Where(n => !onPath.Contains(n)).Select(n => LongestHours(n, states, next, onPath)).DefaultIfEmpty(0).Max();
        onPath.Remove(state);
        return own + best;
    }

    private static string Hours(double h) => h % 8 == 0 ? $"{h / 8:0.#} ngày làm việc" : $"{h:0.#} giờ làm việc";
}
