using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Users;

public static class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/me").WithTags("Users").RequireUser();

        group.MapGet("/", GetMe)
            .WithName("GetMe")
            .WithSummary("Get the caller")
            .WithDescription("The user the bearer token belongs to.");

        return group;
    }

    public static async Task<Results<Ok<UserResponse>, ApiErrorResult>> GetMe(HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var id = http.User.UserId();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new UserResponse(u.Id, u.Name, u.DateOfBirth))
            .SingleOrDefaultAsync(cancellationToken);
        // A valid token for a user since removed no longer stands for anyone.
        return user is null ? ApiErrors.TokenUserGone() : TypedResults.Ok(user);
    }
}

public sealed record UserResponse([property: Id] int Id, [property: MaxLength(200)] string Name, DateOnly DateOfBirth);
