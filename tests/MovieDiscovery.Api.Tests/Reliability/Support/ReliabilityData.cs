using System.Globalization;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>Arranges and inspects the child API's database directly with SQL, and mints its tokens.</summary>
public static class ReliabilityData
{
    /// <summary>Inserts users straight into the database (the hash is never checked: the tests mint tokens) and returns their ids.</summary>
    public static async Task<List<int>> CreateUsersAsync(string connectionString, int count)
    {
        await using var connection = Open(connectionString);
        await connection.OpenAsync();
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO users (name, date_of_birth, email, password_hash, role) VALUES (@name, DATE '1990-06-15', @email, 'not-a-hash', 'user') RETURNING id",
                connection);
            command.Parameters.AddWithValue("name", $"Reliability user {i}");
            command.Parameters.AddWithValue("email", $"rel-{Guid.NewGuid():N}@test.example");
            ids.Add((int)(await command.ExecuteScalarAsync())!);
        }

        return ids;
    }

    public static async Task<List<int>> MoviesAvailableInAsync(string connectionString, string country)
    {
        await using var connection = Open(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT movie_id FROM movie_availability WHERE country_code = @country ORDER BY movie_id", connection);
        command.Parameters.AddWithValue("country", country);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>Every saved_movies row of the given users, with how many times each (user, movie) pair occurs.</summary>
    public static async Task<Dictionary<(int User, int Movie), int>> SavedPairsAsync(string connectionString, IReadOnlyCollection<int> userIds)
    {
        await using var connection = Open(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT user_id, movie_id, count(*) FROM saved_movies WHERE user_id = ANY(@users) GROUP BY user_id, movie_id", connection);
        command.Parameters.AddWithValue("users", userIds.ToArray());
        var pairs = new Dictionary<(int, int), int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs[(reader.GetInt32(0), reader.GetInt32(1))] = (int)reader.GetInt64(2);
        }

        return pairs;
    }

    /// <summary>The tests' own connections are not pooled, so the only sessions left on the database are the API's.</summary>
    private static NpgsqlConnection Open(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    /// <summary>An HS256 token as the API issues it: iss movie-discovery, aud movie-discovery-apps, sub and role.</summary>
    public static string MintToken(int userId, string role = "user")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "movie-discovery",
            Audience = "movie-discovery-apps",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(CultureInfo.InvariantCulture),
                ["role"] = role,
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiProcess.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The connection string with Host/Port replaced, to put a proxy in front of the server.</summary>
    public static string Via(string connectionString, int port, IReadOnlyDictionary<string, string>? extra = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = port };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            builder[key] = value;
        }

        return builder.ConnectionString;
    }
}
