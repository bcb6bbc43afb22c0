using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Sources;

/// <summary>Validates a <see cref="SourceSelection"/> setting at start (put it on <c>SearchOptions.Sources</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SourceListAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        try
        {
            SourceSelection.Parse(value as string);
            return ValidationResult.Success;
        }
        catch (ArgumentException e)
        {
            return new ValidationResult(e.Message, validationContext.MemberName is { } member ? [member] : null);
        }
    }
}
