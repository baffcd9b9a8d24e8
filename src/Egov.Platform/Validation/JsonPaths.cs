namespace Egov.Platform.Validation;

public static class JsonPaths
{
    /// <summary>A System.Text.Json path as an error's field: "$.parentId" → "parentId", "$[0].code" → "[0].code", "$" stays.</summary>
    public static string ToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
}
