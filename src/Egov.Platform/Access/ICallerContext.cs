using System.Linq.Expressions;

namespace Egov.Platform.Access;

/// <summary>A role held in an agency; <see cref="AgencyPath"/> is the agency's materialised path, so its sub-tree is every path starting with it.</summary>
public sealed record CallerGrant(string Role, Guid AgencyId, string AgencyPath);

/// <summary>Who is calling. Services scope every query with it; the web host builds it from the signed-in principal, the CLI as the operator.</summary>
public interface ICallerContext
{
    Guid? UserId { get; }
    /// <summary>Stable, non-personal label for the audit trail (user id or client id, never a name or e-mail).</summary>
    string Actor { get; }
    IReadOnlyList<CallerGrant> Grants { get; }
    bool IsSystemAdmin => Grants.Any(g => g.Role == Roles.SystemAdmin);
    bool IsOfficial => Grants.Any(g => Roles.OfficialRoles.Contains(g.Role));

    /// <summary>Agency paths whose sub-trees the caller may act on with one of <paramref name="roles"/> (empty = none).</summary>
    IReadOnlyList<string> PathsFor(params string[] roles) =>
        // A citizen's or business's grant has no agency and reaches no sub-tree.
        Grants.Where(g => g.AgencyPath.Length > 0 && (roles.Length == 0 || roles.Contains(g.Role))).Select(g => g.AgencyPath).Distinct().ToList();

    bool Covers(string agencyPath, params string[] roles) =>
        IsSystemAdmin || PathsFor(roles).Any(p => agencyPath.StartsWith(p, StringComparison.Ordinal));
}

public sealed class SystemCaller(string actor = "system") : ICallerContext
{
    public Guid? UserId => null;
    public string Actor { get; } = actor;
    public IReadOnlyList<CallerGrant> Grants { get; } = [new(Roles.SystemAdmin, Guid.Empty, "/")];
}

public static class ScopeQueries
{
    /// <summary>
    /// Keeps rows whose agency path lies in one of <paramref name="paths"/>' sub-trees. Each sub-tree is a range of
    /// the path index ("/a/b/" ≤ path &lt; "/a/b0", '0' being the character after '/'): a prefix LIKE would not use the
    /// index on SQLite (its LIKE ignores case, the index does not). Path columns compare bytewise on both providers
    /// (collation "C" on PostgreSQL), so the range holds exactly the paths that start with the prefix.
    /// </summary>
    public static IQueryable<T> WithinPaths<T>(this IQueryable<T> query, IReadOnlyList<string> paths,
        Expression<Func<T, string>> pathOf)
    {
        if (paths.Count == 0) return query.Where(_ => false);
        if (paths.Contains("/")) return query;
        var parameter = pathOf.Parameters[0];
        Expression? body = null;
        foreach (var path in paths.Distinct())
        {
            Expression test = path.EndsWith('/')
                ? Expression.AndAlso(
                    Expression.GreaterThanOrEqual(Expression.Call(Compare, pathOf.Body, Expression.Constant(path)), Zero),
                    Expression.LessThan(Expression.Call(Compare, pathOf.Body, Expression.Constant(path[..^1] + "0")), Zero))
                : Expression.Call(pathOf.Body, StartsWith, Expression.Constant(path));
            body = body is null ? test : Expression.OrElse(body, test);
        }
        return query.Where(Expression.Lambda<Func<T, bool>>(body!, parameter));
    }

    /// <summary><see cref="WithinPaths"/>'s test on one path already read.</summary>
    public static bool IsWithin(string agencyPath, IReadOnlyList<string> paths) =>
        paths.Contains("/") || paths.Any(p => agencyPath.StartsWith(p, StringComparison.Ordinal));

    private static readonly System.Reflection.MethodInfo Compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly System.Reflection.MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly Expression Zero = Expression.Constant(0);
}
