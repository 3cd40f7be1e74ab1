using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>
/// A valid signature proves who a user was when the token was issued, not who they are now. After the
/// signature, every token's user is looked up: a user since deleted is not authenticated (401 on every
/// route that needs a token), and the role is the user's current one (a demoted admin loses admin reach).
/// The answer is reused for <c>Auth:UserCheckSeconds</c> from the lookup (never extended by use) for at
/// most <c>Auth:UserCheckCacheSize</c> users, so a busy user costs one lookup per few seconds.
/// </summary>
public sealed class UserCheck : IDisposable
{
    private readonly TimeSpan _reuse;
    private readonly MemoryCache _users;

    public UserCheck(IOptions<JwtOptions> options)
    {
        _reuse = TimeSpan.FromSeconds(options.Value.UserCheckSeconds);
        _users = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.UserCheckCacheSize });
    }

    /// <summary>The JwtBearer hook: runs once the token's signature, issuer, audience and lifetime are valid.</summary>
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        if (context.Principal?.UserId() is not { } userId)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        string? role;
        try
        {
            role = await services.GetRequiredService<UserCheck>().CurrentRoleAsync(userId, services, context.HttpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is DbException or TimeoutException)
        {
            // The database does not answer: the token stands as signed. Every route that acts on user data
            // needs the database too, and answers 503 on its own.
            return;
        }

        if (role is null)
        {
            context.Fail(new TokenUserGoneException());
        }
        else if (context.Principal.FindFirst(AuthSetup.RoleClaim)?.Value != role)
        {
            context.Principal = WithRole(context.Principal, role);
        }
    }

    /// <summary>The user's role now, or null when the user no longer exists; the database (from the request's services) only when not known.</summary>
    public async Task<string?> CurrentRoleAsync(int userId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (_users.TryGetValue(userId, out KnownUser? known))
        {
            return known!.Role;
        }

        var role = await services.GetRequiredService<AppDbContext>().Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Role).SingleOrDefaultAsync(cancellationToken);
        if (_reuse > TimeSpan.Zero)
        {
            _users.Set(userId, new KnownUser(role), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _reuse });
        }

        return role;
    }

    public void Dispose() => _users.Dispose();

    private static ClaimsPrincipal WithRole(ClaimsPrincipal principal, string role)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var updated = new ClaimsIdentity(identity.Claims.Where(c => c.Type != AuthSetup.RoleClaim), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        updated.AddClaim(new Claim(AuthSetup.RoleClaim, role));
        return new ClaimsPrincipal(updated);
    }

    private sealed record KnownUser(string? Role);
}

/// <summary>The failure of a valid token whose user no longer exists; answered as <see cref="ApiErrors.TokenUserGone"/>.</summary>
public sealed class TokenUserGoneException() : Exception("The token's user no longer exists.");
