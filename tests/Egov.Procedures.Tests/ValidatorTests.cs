using Egov.Calendar;

namespace Egov.Procedures.Tests;

public class ValidatorTests
{
    private static IEnumerable<(string Field, string Code)> Problems(ProcedureDefinition d) =>
        ProcedureValidator.Validate(d, Sample.Fields).All.Select(e => (e.Field, e.Code));

    [Fact]
    public void The_sample_is_valid() => Assert.Empty(Problems(Sample.BirthRegistration()));

    [Fact]
    public void Identity_and_catalogue_data_are_checked()
    {
        var d = Sample.BirthRegistration("1.1193.H56") with { Field = "XX", Agencies = ["somewhere"], Fees = [new Fee("", -5)] };
        var problems = Problems(d).ToList();
        Assert.Contains(("code", "format"), problems);
        Assert.Contains(("field", "unknownField"), problems);
        Assert.Contains(("agencies[0]", "agency"), problems);
        Assert.Contains(("fees[0].name", "required"), problems);
        Assert.Contains(("fees[0].amount", "range"), problems);
    }

    [Fact]
    public void Unreachable_states_and_dead_ends_are_refused()
    {
        var d = Sample.BirthRegistration();
        var p = d.Process with
        {
            States = [.. d.Process.States, new ProcessState("LUU_TRU", "Lưu trữ", 4, "clerk")],
            Actions = d.Process.Actions.Where(a => a.Code != "tra_ket_qua").ToList(),
        };
        var problems = Problems(d with { Process = p }).ToList();
        Assert.Contains(("process.states[7]", "unreachable"), problems);
        Assert.Contains(("process.states[4]", "deadEnd"), problems);
    }

    [Fact]
    public void Unknown_roles_states_and_statuses_are_named()
    {
        var d = Sample.BirthRegistration();
        var states = d.Process.States.ToList();
        states[1] = states[1] with { Role = "wizard", Status = 11 };
        var actions = d.Process.Actions.ToList();
        actions[0] = actions[0] with { To = "NOWHERE", Roles = ["king"] };
        var problems = Problems(d with { Process = d.Process with { States = states, Actions = actions, Start = "BEGIN" } }).ToList();
        Assert.Contains(("process.states[1].role", "unknownRole"), problems);
        Assert.Contains(("process.states[1].status", "status"), problems);
        Assert.Contains(("process.actions[0].to", "unknownState"), problems);
        Assert.Contains(("process.actions[0].roles", "unknownRole"), problems);
        Assert.Contains(("process.start", "unknownState"), problems);
    }

    [Fact]
    public void Steps_longer_than_the_processing_time_are_refused_but_waiting_for_the_applicant_is_not_counted()
    {
        var d = Sample.BirthRegistration();
        var states = d.Process.States.ToList();
        states[1] = states[1] with { Time = new Duration(5, TimeUnit.WorkingHours) }; // 1 + 5 + 2 + 1 = 9 h > 8 h
        var error = ProcedureValidator.Validate(d with { Process = d.Process with { States = states } }, Sample.Fields).All.Single();
        Assert.Equal(("process.states", "tooLong"), (error.Field, error.Code));
        Assert.Contains("9 giờ làm việc", error.MessageVi);
        Assert.Contains("1 ngày làm việc", error.MessageVi);
        states[2] = states[2] with { Time = new Duration(30, TimeUnit.WorkingDays) }; // the supplement state: the clock stops
        states[1] = states[1] with { Time = new Duration(4, TimeUnit.WorkingHours) };
        Assert.Empty(Problems(d with { Process = d.Process with { States = states } }));
    }

    [Fact]
    public void Duplicate_codes_and_actions_from_end_states_are_refused()
    {
        var d = Sample.BirthRegistration();
        var states = d.Process.States.Append(new ProcessState("THAM_DINH", "Lặp", 4, "specialist")).ToList();
        var actions = d.Process.Actions.Append(new ProcessAction("mo_lai", "Mở lại", "DA_TRA", "THAM_DINH", ["leader"])).ToList();
        var problems = Problems(d with { Process = d.Process with { States = states, Actions = actions } }).ToList();
        Assert.Contains(("process.states[7].code", "duplicate"), problems);
        Assert.Contains(("process.actions[7].from", "fromEnd"), problems);
    }
}
