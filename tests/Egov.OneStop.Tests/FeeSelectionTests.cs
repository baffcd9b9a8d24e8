using Egov.OneStop;
using Egov.Platform.Validation;
using Egov.Procedures;

namespace Egov.OneStop.Tests;

/// <summary>Which fees a dossier pays: the fixed fee with the extras asked for, or exactly one rate of a choice.</summary>
public sealed class FeeSelectionTests
{
    private static async Task<ProcedureDefinition> SeededAsync(string code)
    {
        await using var stream = typeof(ProcedureService).Assembly.GetManifestResourceStream("Egov.Procedures.Seed.procedures.json")!;
        return (await ProcedureService.ParseAsync(stream)).Single(p => p.Code == code);
    }

    [Fact]
    public async Task Birth_registration_is_free_and_each_copy_asked_for_costs_8000_dong()
    {
        var birth = await SeededAsync("1.001193.000.00.00.H56");   // 0 đồng registration, 8.000 đồng copy "nếu có yêu cầu"
        var errors = new ValidationErrors();
        Is([0], 0, FeeSelection.Apply(birth, null, errors));
        Is([0], 0, FeeSelection.Apply(birth, [], errors));
        // The fixed fee applies even when only the extra is ticked (its box cannot be unticked on the forms).
        Is([0, 1], 8000, FeeSelection.Apply(birth, [1], errors));
        Is([0, 1], 8000, FeeSelection.Apply(birth, [1, 0, 1], errors));
        Assert.False(errors.Any);
        FeeSelection.Apply(birth, [2], errors);
        Assert.Equal("unknown", errors.All.Single(e => e.Field == "fees").Code);
    }

    [Fact]
    public async Task A_choice_of_rates_takes_exactly_one()
    {
        var record = await SeededAsync("1.009990.000.00.00.H56");   // lý lịch tư pháp: 200.000, 100.000 (reduced), 0 (waived)
        Assert.True(record.FeeChoice);
        var errors = new ValidationErrors();
        Is([1], 100_000, FeeSelection.Apply(record, [1], errors));
        Is([2], 0, FeeSelection.Apply(record, [2], errors));
        Assert.False(errors.Any);
        FeeSelection.Apply(record, [], errors);
        Assert.Equal("chooseOne", errors.All.Single().Code);
        Assert.Contains("Hãy chọn một mức phí", errors.All.Single().MessageVi);
        var two = new ValidationErrors();
        FeeSelection.Apply(record, [0, 1], two);
        Assert.Equal("chooseOne", two.All.Single().Code);
    }

    [Fact]
    public void Chosen_fees_are_stored_as_a_short_list()
    {
        Assert.Equal("0,1", FeeSelection.Format([0, 1]));
        Assert.Null(FeeSelection.Format([]));
        Assert.Equal([0, 1], FeeSelection.Parse("0,1"));
        Assert.Null(FeeSelection.Parse(null));
    }

    private static void Is(int[] chosen, long amount, (IReadOnlyList<int> Chosen, long Amount) result)
    {
        Assert.Equal(chosen, result.Chosen);
        Assert.Equal(amount, result.Amount);
    }
}
