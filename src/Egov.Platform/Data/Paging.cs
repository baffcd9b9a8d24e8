namespace Egov.Platform.Data;

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    /// <summary>True when counting stopped at <see cref="Total"/>: there are more results than that.</summary>
    public bool TotalCapped { get; init; }

    public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>Large lists count up to this many: an exact count of a million rows costs more than the page itself.</summary>
    public const int CountCap = 1_000;

    public static (int page, int size) Clamp(int? page, int? size, int defaultSize = 50) =>
        (Math.Max(1, page ?? 1), Math.Clamp(size ?? defaultSize, 1, MaxPageSize));
}
