namespace MovieDiscovery.Api.Data.Entities;

/// <summary>A movie in a user's list; the primary key (user, movie) makes a second save impossible.</summary>
public sealed class SavedMovie
{
    public int UserId { get; set; }
    public int MovieId { get; set; }

    /// <summary>When it was saved, in UTC.</summary>
    public DateTime DateAdded { get; set; }

    public User User { get; set; } = null!;
    public Movie Movie { get; set; } = null!;
}
