namespace Egov.Platform.Validation;

/// <summary>One broken rule: the field (camelCase, as in the API), a stable code and the message in both languages.</summary>
public sealed record FieldError(string Field, string Code, string MessageVi, string MessageEn);

/// <summary>Collects every broken rule of one request so that the user sees them all at once.</summary>
public sealed class ValidationErrors
{
    private readonly List<FieldError> _errors = [];
    public IReadOnlyList<FieldError> All => _errors;
    public bool Any => _errors.Count > 0;
    public bool Has(string field) => _errors.Exists(e => e.Field == field);

    public ValidationErrors Add(string field, string code, string vi, string en)
    {
        _errors.Add(new FieldError(field, code, vi, en));
        return this;
    }

    public ValidationErrors Add(FieldError? error)
    {
        if (error is not null) _errors.Add(error);
        return this;
    }

    public void ThrowIfAny()
    {
        if (Any) throw new DomainValidationException(this);
    }

    /// <summary>Required text, trimmed, at most <paramref name="maxLength"/> characters.</summary>
    public string? RequiredText(string field, string? value, int maxLength, string labelVi, string labelEn)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, "required", $"{labelVi} là bắt buộc.", $"{labelEn} is required.");
            return null;
        }
        return OptionalText(field, trimmed, maxLength, labelVi, labelEn);
    }

    public string? OptionalText(string field, string? value, int maxLength, string labelVi, string labelEn)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > maxLength)
        {
            Add(field, "tooLong", $"{labelVi} dài quá {maxLength} ký tự (hiện có {trimmed.Length}).",
                $"{labelEn} is longer than {maxLength} characters ({trimmed.Length}).");
            return null;
        }
        return trimmed;
    }
}

/// <summary>Thrown by services when input breaks a rule; the web host turns it into RFC 9457 problem details.</summary>
public sealed class DomainValidationException(ValidationErrors errors)
    : Exception(string.Join("; ", errors.All.Select(e => $"{e.Field}: {e.MessageEn}")))
{
    public ValidationErrors Errors { get; } = errors;

    public static DomainValidationException For(string field, string code, string vi, string en) =>
        new(new ValidationErrors().Add(field, code, vi, en));
}

/// <summary>The thing asked for does not exist (or is outside the caller's scope, which must look the same).</summary>
public sealed class NotFoundException(string what) : Exception($"{what} not found.")
{
    public string What { get; } = what;
}

/// <summary>The caller is known but may not do this.</summary>
public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>The change conflicts with the current state (e.g. deactivating an agency that still has active children).</summary>
public sealed class ConflictException(string messageVi, string messageEn) : Exception(messageEn)
{
    public string MessageVi { get; } = messageVi;
}
