using System.ComponentModel.DataAnnotations;
using System.Text;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>The <c>Auth</c> configuration section: how access tokens are signed and checked.</summary>
public sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Auth";

    [Required]
    public string Issuer { get; set; } = "movie-discovery";

    [Required]
    public string Audience { get; set; } = "movie-discovery-apps";

    /// <summary>
    /// The HMAC-SHA256 key new tokens are signed with: random, at least 32 bytes (see <see cref="SigningKeyRules"/>).
    /// A secret: never commit a production key.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Keys that signed tokens still in circulation: accepted, never used to sign. To rotate, move the
    /// current key here and set a new <see cref="SigningKey"/>; drop the old one after a token lifetime.
    /// </summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    [Range(1, 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    [Range(0, 300)]
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>
    /// How long a token's user is known to exist, with its role, before the database is asked again
    /// (0: every request). The longest a deleted or demoted user's token keeps its reach on an instance.
    /// </summary>
    [Range(0, 300)]
    public int UserCheckSeconds { get; set; } = 5;

    /// <summary>Users whose check is remembered at most; past it, the least recently checked are asked again.</summary>
    [Range(1, 10_000_000)]
    public int UserCheckCacheSize { get; set; } = 10_000;

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey ?? "");

    /// <summary>Every key a token may be signed with: the current one first.</summary>
    public IEnumerable<byte[]> VerificationKeys() =>
        new[] { SigningKey ?? "" }.Concat(PreviousSigningKeys).Select(Encoding.UTF8.GetBytes);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKeyRules.Problem(SigningKey) is { } problem)
        {
            yield return Refusal($"{Section}:{nameof(SigningKey)}", problem, nameof(SigningKey));
        }

        for (var i = 0; i < PreviousSigningKeys.Count; i++)
        {
            if (SigningKeyRules.Problem(PreviousSigningKeys[i]) is { } previous)
            {
                yield return Refusal($"{Section}:{nameof(PreviousSigningKeys)}:{i}", previous, nameof(PreviousSigningKeys));
            }
        }
    }

    private static ValidationResult Refusal(string setting, string problem, string member) => new(
        $"{setting} {problem}. A signing key must be random: {SigningKeyRules.HowToMakeOne}, " +
        $"set through the {setting.Replace(":", "__", StringComparison.Ordinal)} environment variable or a secret store.",
        [member]);
}
