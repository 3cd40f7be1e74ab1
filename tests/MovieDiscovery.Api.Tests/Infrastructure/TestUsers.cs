using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Auth;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>A user made for one test, with its password and a real token signed by the application.</summary>
public sealed record TestUser(int Id, string Email, string Password, string Token);

public static class TestUsers
{
    /// <summary>Inserts a fresh user, so a test never depends on another's data.</summary>
    public static async Task<TestUser> CreateUserAsync(this ApiFactory factory, string role = Roles.User)
    {
        await using var scope = factory.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var email = $"user-{Guid.NewGuid():N}@test.example";
        var password = Guid.NewGuid().ToString();
        var user = new User { Email = email, Name = "Test User", DateOfBirth = new DateOnly(1990, 6, 15), Role = role, PasswordHash = "" };
        user.PasswordHash = services.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var token = services.GetRequiredService<TokenIssuer>().Issue(user);
        return new TestUser(user.Id, email, password, token);
    }

    /// <summary>A client that sends the user's bearer token.</summary>
    public static HttpClient ClientFor(this ApiFactory factory, TestUser user) => factory.ClientWithToken(user.Token);

    public static HttpClient ClientWithToken(this ApiFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
