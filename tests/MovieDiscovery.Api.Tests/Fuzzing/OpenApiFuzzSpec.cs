using System.Globalization;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Tests.Features.Security;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>
/// Property-based fuzzing from the served OpenAPI document: for every operation, hundreds of
/// generated requests (valid and broken query strings, path values, bodies, content types and
/// tokens) go through the real pipeline, and every answer must be one the document promises:
/// no 5xx, a documented status (or the framework's 404/405/413/414/415/431), and errors in the envelope
/// with a documented code. Seeded: see <see cref="FuzzSettings"/>.
/// </summary>
public abstract class OpenApiFuzzSpec<TFactory>(TFactory factory, ITestOutputHelper output) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const int Parallelism = 4;

    [Fact]
    public async Task Every_operation_answers_fuzzed_requests_as_its_document_promises()
    {
        var settings = FuzzSettings.FromEnvironment();
        output.WriteLine($"{Factory.Provider}: seed {settings.Seed} ({(settings.SeedFromEnvironment ? "from FUZZ_SEED" : "picked; set FUZZ_SEED to replay")}), {settings.CasesPerOperation} cases per operation");
        var contract = OpenApiContract.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var world = await ArrangeWorldAsync();
        var runner = new FuzzRunner(Client, contract);
        var tally = new FuzzTally();
        var failures = new List<FuzzOutcome>();
        var operations = contract.Operations.Where(op => settings.Operation is null || op.Id == settings.Operation).ToList();
        Assert.True(operations.Count > 0, $"The document has no operation {settings.Operation}.");

        foreach (var op in operations)
        {
            var methodsOnPath = contract.Operations.Where(o => o.PathTemplate == op.PathTemplate).Select(o => o.Method).ToHashSet(StringComparer.Ordinal);
            var cases = FuzzRunner.Generate(FuzzRequests.For(op, contract, world, methodsOnPath), op, settings);
            var started = tally.Elapsed;
            var outcomes = await runner.RunAsync(op, cases, Parallelism);
            failures.AddRange(outcomes.Where(o => o.Violation is not null));
            if (settings.Verbose)
            {
                foreach (var outcome in outcomes)
                {
                    output.WriteLine($"  #{outcome.Case} {outcome.Status} {outcome.Request.Method} {outcome.Request.Target[..Math.Min(outcome.Request.Target.Length, 160)]} [{outcome.Request.Identity.Label}] {outcome.Request.Family} {outcome.Request.Body?.Family} {outcome.Request.Body?.ContentType}");
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{op.Id,-18} {op.Method,-6} {op.PathTemplate,-46} {outcomes.Count(o => o.Status != 0)} cases run in {(tally.Elapsed - started).TotalSeconds:F1}s: {FuzzTally.Histogram(outcomes)}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{operations.Count} operations, {failures.Count} failure(s), {tally.Elapsed.TotalSeconds:F1}s"));
        Assert.True(failures.Count == 0, FuzzRunner.Report(settings, failures));
    }

    /// <summary>Three users (one an admin), some saved movies, and every kind of broken token.</summary>
    private async Task<FuzzWorld> ArrangeWorldAsync()
    {
        var owner = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();
        var admin = await Factory.CreateUserAsync(Roles.Admin);

        var available = await Factory.AvailableInAsync("US");
        var unavailable = await Factory.UnavailableInAsync("US");
        foreach (var (user, movies) in new[] { (owner, available.Take(6)), (other, available.Skip(3).Take(3)) })
        {
            foreach (var movieId in movies)
            {
                using var saved = await Factory.ClientFor(user).PostAsJsonAsync($"/v1/users/{user.Id}/saved-movies", new { movie_id = movieId, country = "US" });
                await saved.ShouldBe(HttpStatusCode.Created);
            }
        }

        var ownerIdentity = new FuzzIdentity($"owner token (user {owner.Id})", $"Bearer {owner.Token}", owner.Id);
        var otherValid = new List<FuzzIdentity>
        {
            new($"another user's token (user {other.Id})", $"Bearer {other.Token}", other.Id),
            new($"admin token (user {admin.Id})", $"Bearer {admin.Token}", admin.Id),
            new($"owner token with a lower-case scheme (user {owner.Id})", $"bearer {owner.Token}", owner.Id),
        };
        var broken = new List<FuzzIdentity>
        {
            Broken("tampered signature", "Bearer " + TokenForge.Tamper(owner.Token)),
            Broken("alg none claiming admin", "Bearer " + TokenForge.WithoutSignature(owner.Id)),
            Broken("role promoted to admin, signature kept", "Bearer " + TokenForge.PromotedToAdmin(owner.Token)),
            Broken("expired", "Bearer " + TokenForge.Mint(owner.Id.ToString(CultureInfo.InvariantCulture), notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1))),
            Broken("wrong audience", "Bearer " + TokenForge.Mint(owner.Id.ToString(CultureInfo.InvariantCulture), audience: "another-api")),
            Broken("wrong key", "Bearer " + TokenForge.Mint(owner.Id.ToString(CultureInfo.InvariantCulture), key: "another-signing-key-that-is-long-enough-for-hs256-000000")),
            Broken("sub is not a number", "Bearer " + TokenForge.Mint("abc")),
            Broken("sub is a decimal", "Bearer " + TokenForge.Mint($"{owner.Id}.0")),
            Broken("garbage", "Bearer not-a-jwt"),
            Broken("empty bearer", "Bearer "),
            Broken("scheme only", "Bearer"),
            Broken("basic auth", "Basic dXNlcjpwYXNz"),
            Broken("two tokens", $"Bearer {owner.Token}, Bearer {other.Token}"),
            Broken("token then junk", $"Bearer {owner.Token} junk"),
            Broken("huge token", "Bearer " + new string('a', 12_000)),
            Broken("sql in token", "Bearer ' OR 1=1--"),
            Broken("three dots", "Bearer a.b.c"),
        };

        var movieIds = available.Take(12).Concat(unavailable.Take(4)).Append(987_654).ToList();
        var userIds = new[] { owner.Id, other.Id, admin.Id, 1, 2, 424_242 };
        var hints = new BodyHints(movieIds, userIds, [owner.Email, "alice@example.com"], [owner.Password, "alice-password"]);

        // Real cursors and tags, where the lists and reads hand them out: the generators replay and mix them.
        var cursors = new List<string>();
        var etags = new List<string>();
        foreach (var (user, url) in new (TestUser?, string)[]
        {
            (null, "/v1/movies?country=US&page_size=5"),
            (null, "/v1/movies?country=US&page_size=5&sort=year"),
            (null, "/v1/movies?country=GB&genre=6&page_size=2"),
            (null, "/v1/genres?page_size=3"),
            (null, "/v1/countries?page_size=2"),
            (owner, $"/v1/users/{owner.Id}/saved-movies?country=US&page_size=2"),
            (owner, $"/v1/users/{owner.Id}/saved-movies?country=US&page_size=2&sort=date_added"),
            (other, $"/v1/users/{other.Id}/saved-movies?country=US&page_size=1"),
        })
        {
            using var response = await (user is null ? Client : Factory.ClientFor(user)).GetAsync(url);
            var page = await response.ShouldBe(HttpStatusCode.OK);
            if (page.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String)
            {
                cursors.Add(next.GetString()!);
            }

            if (response.Headers.ETag is { } etag)
            {
                etags.Add(etag.ToString());
            }
        }

        string[] lists =
        [
            "movies:US:0:-year", "movies:US:0:year", "movies:GB:6:-year", "movies:XX:0:-year",
            $"saved:{owner.Id}:US:-date_added", $"saved:{owner.Id}:US:date_added", $"saved:{other.Id}:US:-date_added", "saved:1:US:-date_added",
        ];
        return new FuzzWorld(ownerIdentity, otherValid, broken, movieIds, userIds, cursors, lists, etags, hints);
    }

    private static FuzzIdentity Broken(string label, string authorization) => new(label, authorization, null);
}

public sealed class OpenApiFuzzOnSqlite(SqliteApiFactory factory, ITestOutputHelper output) : OpenApiFuzzSpec<SqliteApiFactory>(factory, output);

public sealed class OpenApiFuzzOnPostgres(PostgresApiFactory factory, ITestOutputHelper output) : OpenApiFuzzSpec<PostgresApiFactory>(factory, output);
