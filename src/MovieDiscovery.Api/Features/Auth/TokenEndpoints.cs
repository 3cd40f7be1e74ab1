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
            .WithDescription("Checks an email and password and returns a signed JWT to send as `Authorization: Bearer <token>`. " +
                "Rate limited per client address, and per account: after a few failed attempts on one account, from any addresses, " +
                "each further attempt must wait longer (429 with `Retry-After`, the same whether or not the account exists).")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.InvalidCredentials, ErrorCodes.RateLimited,
                ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType);

        return group;
    }

    public static async Task<Results<Ok<TokenResponse>, ApiErrorResult>> IssueToken(
        TokenRequest request,
        AppDbContext db,
        IPasswordHasher<User> hasher,
        TokenIssuer issuer,
        LoginLimiter limiter,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        // Valid: the request's rules checked it.
        var email = AccountEmail.Fold(request.Email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        if (user is not null && AccountEmail.Fold(user.Email) != email)
        {
            // A collation may match more than the normal form does (PostgreSQL's ignores width and some invisible
            // characters): only the account whose email has the same normal form is the one named.
            user = null;
        }

        // Keyed by the normal form, which every spelling of one account shares.
        var attempt = limiter.Attempt(email, http);
        if (await limiter.BeginAsync(attempt, cancellationToken) is { } wait)
        {
            return ApiErrors.TooManyFailedLogins(RateLimitRejection.RetryAfter(http, wait));
        }

        // Hash the password even for an unknown email, so both failures take about the same time.
        var verdict = hasher.VerifyHashedPassword(user ?? s_dummyUser.Value, user?.PasswordHash ?? s_dummyUser.Value.PasswordHash, request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            limiter.Failed(attempt, user is null ? "unknown_account" : "wrong_password");
            return ApiErrors.InvalidCredentials();
        }

        await limiter.SucceededAsync(attempt);
        return TypedResults.Ok(new TokenResponse(issuer.Issue(user), TokenResponse.Bearer, issuer.LifetimeSeconds));
    }

    private static readonly Lazy<User> s_dummyUser = new(() =>
    {
        var user = new User { Email = "", Name = "", Role = Roles.User, PasswordHash = "" };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, Guid.NewGuid().ToString());
        return user;
    });
}
