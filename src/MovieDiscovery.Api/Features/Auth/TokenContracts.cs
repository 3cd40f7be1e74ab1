using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Auth;

/// <summary>The credential: <c>{ "email", "password" }</c>.</summary>
public sealed record TokenRequest(
    [property: Required, StringLength(AccountEmail.MaxLength, MinimumLength = 1), NoControlCharacters, AccountEmail]
    [property: Description("The account's email. Compared in its normal form (Unicode NFKC, lower case); one with invisible characters is refused.")]
    string Email,
    [property: StringLength(200, MinimumLength = 1)] string Password);

/// <summary>An OAuth-style token answer: <c>{ access_token, token_type, expires_in }</c>.</summary>
public sealed record TokenResponse(
    [property: MaxLength(4096), RegularExpression(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")] string AccessToken,
    [property: AllowedValues(TokenResponse.Bearer)] string TokenType,
    // The token lifetimes JwtOptions allows (1 minute to 24 hours), in seconds.
    [property: Range(60, 24 * 60 * 60)] int ExpiresIn)
{
    public const string Bearer = "Bearer";
}
