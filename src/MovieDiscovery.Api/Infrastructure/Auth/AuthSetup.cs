using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Auth;

public static class AuthSetup
{
    public const string RoleClaim = "role";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserCheck>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    // The current key and the previous ones, so that a rotation logs no one out.
                    IssuerSigningKeys = jwt.VerificationKeys().Select(key => new SymmetricSecurityKey(key)).ToList(),
                    // Only the algorithm we sign with: no "none", no RS/HS confusion.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = RoleClaim,
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = UserCheck.OnTokenValidatedAsync, OnChallenge = WriteChallengeAsync };
            });
        return services;
    }

    /// <summary>The caller's user id (the token's <c>sub</c>), or null when not authenticated.</summary>
    public static int? UserId(this System.Security.Claims.ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true
        && int.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    private static Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        var error = context.AuthenticateFailure switch
        {
            null => ApiErrors.TokenRequired(),
            TokenUserGoneException => ApiErrors.TokenUserGone(),
            _ => ApiErrors.TokenInvalid(),
        };
        return error.ExecuteAsync(context.HttpContext);
    }
}
