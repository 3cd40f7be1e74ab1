using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Features.SavedMovies;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>
/// The availability filter, below HTTP: the compiled catalogue and saved-list queries against a small
/// catalogue in a real SQLite database built by the migrations (the listing is derived by its triggers).
/// </summary>
public sealed class AvailabilityFilterTests : IAsyncLifetime, IDisposable
{
    private SqliteAppDbContext _db = null!;

    public async Task InitializeAsync()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("movies-unit-").FullName, "movies.db");
        _db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={file}").UseSnakeCaseNamingConvention().Options);
        await SchemaMigrator.MigrateAsync(_db);
        _db.Countries.AddRange(new Country { Code = "US", Name = "United States" }, new Country { Code = "BR", Name = "Brazil" });
        var drama = new Genre { Name = "Drama" };
        var user = new User { Name = "U", Email = "u@test.example", PasswordHash = "x", Role = Roles.User };
        _db.AddRange(drama, user);
        foreach (var (id, countries, isDrama) in new[] { (1, new[] { "US", "BR" }, true), (2, ["US"], false), (3, [], true) })
        {
            var movie = new Movie { Id = id, Title = $"Movie {id}", Year = 2000 + id };
            movie.Availability.AddRange(countries.Select(code => new MovieAvailability { CountryCode = code }));
            if (isDrama)
            {
                movie.Genres.Add(new MovieGenre { Genre = drama });
            }

            user.SavedMovies.Add(new SavedMovie { Movie = movie, DateAdded = new DateTime(2026, 1, id, 0, 0, 0, DateTimeKind.Utc) });
            _db.Movies.Add(movie);
        }

        await _db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _db.DisposeAsync().AsTask();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_movie_list_keeps_only_movies_available_in_the_country()
    {
        Assert.Equal([2, 1], await PageAsync("US", MovieListing.AllGenres));
        Assert.Equal([1], await PageAsync("BR", MovieListing.AllGenres));
        Assert.Equal(2, await MovieQueries.Total.For(_db)(_db, "US", MovieListing.AllGenres, default));
    }

    [Fact]
    public async Task A_country_without_catalogue_lists_nothing()
    {
        Assert.Empty(await PageAsync("FR", MovieListing.AllGenres));
        Assert.Equal(0, await MovieQueries.Total.For(_db)(_db, "FR", MovieListing.AllGenres, default));
    }

    [Fact]
    public async Task The_genre_filter_composes_with_availability()
    {
        var drama = await _db.Genres.Select(g => g.Id).SingleAsync();

        Assert.Equal([1], await PageAsync("US", drama));
        Assert.Equal(1, await MovieQueries.Total.For(_db)(_db, "US", drama, default));
    }

    [Fact]
    public async Task The_saved_list_respects_the_country_filter()
    {
        var userId = await _db.Users.Select(u => u.Id).SingleAsync();

        var us = await SavedMovieQueries.PageNewestFirst.For(_db)(_db, userId, "US", 0, 10).ToListAsync();
        var br = await SavedMovieQueries.PageNewestFirst.For(_db)(_db, userId, "BR", 0, 10).ToListAsync();

        Assert.Equal([2, 1], us.Select(m => m.Id));
        Assert.Equal([1], br.Select(m => m.Id));
        Assert.Equal(2, await SavedMovieQueries.Total.For(_db)(_db, userId, "US", default));
    }

    [Fact]
    public async Task A_save_is_possible_only_where_the_movie_is_available()
    {
        Assert.True(await SavedMovieQueries.Availability.For(_db)(_db, 1, "BR", default));
        Assert.False(await SavedMovieQueries.Availability.For(_db)(_db, 2, "BR", default));
        Assert.Null(await SavedMovieQueries.Availability.For(_db)(_db, 99, "US", default));
    }

    [Fact]
    public async Task The_primary_key_refuses_a_second_save_of_the_same_movie()
    {
        var userId = await _db.Users.Select(u => u.Id).SingleAsync();

        var inserted = await _db.Database.ExecuteSqlAsync(
            $"INSERT INTO saved_movies (user_id, movie_id, date_added) VALUES ({userId}, {1}, {DateTime.UtcNow}) ON CONFLICT DO NOTHING");

        Assert.Equal(0, inserted);
        Assert.Equal(1, await _db.SavedMovies.CountAsync(s => s.UserId == userId && s.MovieId == 1));
    }

    private async Task<List<int>> PageAsync(string country, int genre) =>
        (await MovieQueries.PageNewestFirst.For(_db)(_db, country, genre, 0, 20).ToListAsync()).Select(m => m.Id).ToList();
}
