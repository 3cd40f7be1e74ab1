using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>The listing and its totals are derived by the database; a catalogue change shows at once.</summary>
public abstract class CatalogueChangeSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Removing_and_restoring_availability_shows_in_the_list_and_its_total_at_once()
    {
        var movieId = (await Factory.AvailableInAsync("DE"))[7];
        var before = await ListAllAsync("DE");

        await ChangeAsync(db => db.MovieAvailability.Where(a => a.MovieId == movieId && a.CountryCode == "DE").ExecuteDeleteAsync());
        var without = await ListAllAsync("DE");
        await ChangeAsync(async db =>
        {
            db.MovieAvailability.Add(new MovieAvailability { MovieId = movieId, CountryCode = "DE" });
            return await db.SaveChangesAsync();
        });
        var restored = await ListAllAsync("DE");

        Assert.Contains(movieId, before.Ids);
        Assert.DoesNotContain(movieId, without.Ids);
        Assert.Equal(before.Total - 1, without.Total);
        Assert.Equal(before.Ids, restored.Ids);
        Assert.Equal(before.Total, restored.Total);
    }

    [Fact]
    public async Task A_new_genre_link_shows_in_the_genre_list_at_once()
    {
        var horror = await GenreIdAsync("Horror");
        var notHorror = await QueryAsync(db => db.Movies
            .Where(m => m.Availability.Any(a => a.CountryCode == "GB") && !m.Genres.Any(g => g.GenreId == horror))
            .Select(m => m.Id).FirstAsync());
        var before = await ListAllAsync("GB", horror);

        await ChangeAsync(async db =>
        {
            db.MovieGenres.Add(new MovieGenre { MovieId = notHorror, GenreId = horror });
            return await db.SaveChangesAsync();
        });
        var after = await ListAllAsync("GB", horror);

        Assert.DoesNotContain(notHorror, before.Ids);
        Assert.Contains(notHorror, after.Ids);
        Assert.Equal(before.Total + 1, after.Total);
    }

    [Fact]
    public async Task A_changed_year_reorders_the_list_at_once()
    {
        var movieId = (await Factory.AvailableInAsync("BR"))[0];

        await ChangeAsync(db => db.Movies.Where(m => m.Id == movieId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Year, 2099)));
        var first = await GetJsonAsync("/v1/movies?country=BR&page_size=1");

        Assert.Equal([movieId], first.Ids());
        Assert.Equal(2099, first.GetProperty("data")[0].GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task A_deleted_movie_leaves_every_list_and_total()
    {
        var movieId = (await Factory.AvailableInAsync("JP"))[3];
        var before = await ListAllAsync("JP");

        await ChangeAsync(db => db.Movies.Where(m => m.Id == movieId).ExecuteDeleteAsync());
        var after = await ListAllAsync("JP");

        Assert.DoesNotContain(movieId, after.Ids);
        Assert.Equal(before.Total - 1, after.Total);
        Assert.Equal(0, await QueryAsync(db => db.MovieListing.CountAsync(l => l.MovieId == movieId)));
    }

    private async Task<(List<int> Ids, int Total)> ListAllAsync(string country, int? genre = null)
    {
        var ids = new List<int>();
        var total = 0;
        for (var page = 1; ; page++)
        {
            var json = await GetJsonAsync($"/v1/movies?country={country}&page={page}&page_size=100" + (genre is null ? "" : $"&genre={genre}"));
            total = json.GetProperty("total").GetInt32();
            if (json.Ids() is not { Length: > 0 } pageIds)
            {
                return (ids, total);
            }

            ids.AddRange(pageIds);
        }
    }

    private async Task<int> GenreIdAsync(string name) =>
        await QueryAsync(db => db.Genres.Where(g => g.Name == name).Select(g => g.Id).SingleAsync());

    private async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Factory.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<int> ChangeAsync(Func<AppDbContext, Task<int>> change) => Factory.ChangeCatalogueAsync(change);
}

public sealed class CatalogueChangeOnSqlite(SqliteApiFactory factory) : CatalogueChangeSpec<SqliteApiFactory>(factory);

public sealed class CatalogueChangeOnPostgres(PostgresApiFactory factory) : CatalogueChangeSpec<PostgresApiFactory>(factory);
