using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.Redis;

/// <summary>
/// The <c>Redis</c> configuration section: where the state shared by every instance lives (the rate-limit
/// windows and the per-account login delays). Unset, each instance keeps its own.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6379,password=…,ssl=true</c>. A secret when it carries a password.
    /// </summary>
    public string? Configuration { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        string? problem = null;
        try
        {
            RedisConnection.ParseConfiguration(Configuration!);
        }
        catch (ArgumentException exception)
        {
            // The message names the bad option, never its value (the string may hold a password).
            problem = exception.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                $"Redis:Configuration is not a StackExchange.Redis configuration string such as 127.0.0.1:6379 ({problem}).",
                [nameof(Configuration)]);
        }
    }
}
