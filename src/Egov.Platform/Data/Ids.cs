namespace Egov.Platform.Data;

public static class Ids
{
    /// <summary>Time-ordered identifiers keep inserts at the end of the index on both providers.</summary>
    public static Guid New() => Guid.CreateVersion7();
}
