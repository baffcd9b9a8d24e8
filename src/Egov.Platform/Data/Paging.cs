namespace Egov.Platform.Data;

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int PageCount => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

public static class Paging
{
    public const int MaxPageSize = 200;

    public static (int page, int size) Clamp(int? page, int? size, int defaultSize = 50) =>
        (Math.Max(1, page ?? 1), Math.Clamp(size ?? defaultSize, 1, MaxPageSize));
}
