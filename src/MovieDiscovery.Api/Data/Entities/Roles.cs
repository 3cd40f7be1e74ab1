namespace MovieDiscovery.Api.Data.Entities;

/// <summary>The values of <see cref="User.Role"/>, also carried in the token's role claim.</summary>
public static class Roles
{
    public const string User = "user";
    public const string Admin = "admin";
}
