using System.ComponentModel.DataAnnotations;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Auth;

/// <summary>The credential: <c>{ "email", "password" }</c>.</summary>
public sealed record TokenRequest(
    [property: StringLength(320, MinimumLength = 1)] string Email,
    [property: StringLength(200, MinimumLength = 1)] string Password) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Email) || Email.Length > 320 || Email.Any(char.IsControl))
        {
            errors.Add("email", "is required, at most 320 characters, without control characters");
        }

        if (string.IsNullOrEmpty(Password) || Password.Length > 200)
        {
            errors.Add("password", "is required, at most 200 characters");
        }
    }
}

/// <summary>An OAuth-style token answer: <c>{ access_token, token_type, expires_in }</c>.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
