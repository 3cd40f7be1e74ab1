using System.ComponentModel.DataAnnotations;
using System.Text;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>The <c>Auth</c> configuration section: how access tokens are signed and checked.</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Auth";
    public const int MinimumKeyBytes = 32;

    [Required]
    public string Issuer { get; set; } = "movie-discovery";

    [Required]
    public string Audience { get; set; } = "movie-discovery-apps";

    /// <summary>The HMAC-SHA256 key, at least 256 bits (32 bytes of UTF-8). A secret: never commit a production key.</summary>
    public string? SigningKey { get; set; }

    [Range(1, 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    [Range(0, 300)]
    public int ClockSkewSeconds { get; set; } = 30;

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKeyBytes.Length < MinimumKeyBytes)
        {
            yield return new ValidationResult(
                $"Auth:SigningKey must be set to a secret of at least {MinimumKeyBytes} bytes (256 bits); " +
                "set it with the Auth__SigningKey environment variable.",
                [nameof(SigningKey)]);
        }
    }
}
