namespace MovieDiscovery.Api.Data.Entities;

public sealed class User
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }

    public List<SavedMovie> SavedMovies { get; } = [];
}
