using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.RateLimiting;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Auth;

public static class TokenEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/auth").WithTags("Auth").RequireRateLimiting(RateLimitSetup.TokenPolicy).WithRequestValidation();

        group.MapPost("/token", IssueToken)
            .WithName("IssueToken")
            .WithSummary("Exchange a credential for a bearer token")
            .WithDescription("Checks an email and password and returns a signed JWT to send as `Authorization: Bearer <token>`. Rate limited per client.")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.InvalidCredentials, ErrorCodes.RateLimited,
                ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType);

        return group;
    }

    public static async Task<Results<Ok<TokenResponse>, ApiErrorResult>> IssueToken(
        TokenRequest request,
        AppDbContext db,
        IPasswordHasher<User> hasher,
        TokenIssuer issuer,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == request.Email, cancellationToken);

        // Hash the password even for an unknown email, so both failures take about the same time.
        var verdict = hasher.VerifyHashedPassword(user ?? s_dummyUser.Value, user?.PasswordHash ?? s_dummyUser.Value.PasswordHash, request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            return ApiErrors.InvalidCredentials();
        }

        return TypedResults.Ok(new TokenResponse(issuer.Issue(user), TokenResponse.Bearer, issuer.LifetimeSeconds));
    }

    private static readonly Lazy<User> s_dummyUser = new(() =>
    {
        var user = new User { Email = "", Name = "", Role = Roles.User, PasswordHash = "" };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, Guid.NewGuid().ToString());
        return user;
    });
}
