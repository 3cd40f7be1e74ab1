using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.Health;

/// <summary>
/// A first start on an empty database (migrate, then seed) logs no error: an operator watching a new deployment's
/// log for errors sees none unless something is wrong.
/// </summary>
public abstract class CleanStartSpec<TFactory>(TFactory factory, ITestOutputHelper output) : ApiSpec<TFactory>(factory)
    where TFactory : LogCapturingApiFactory
{
    [Fact]
    public async Task A_first_start_on_an_empty_database_logs_no_error()
    {
        await using (var scope = Factory.CreateScope())
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetAppliedMigrationsAsync());
        }

        var entries = Factory.Logs.Entries;
        foreach (var warning in entries.Where(e => e.StartsWith("Warning ", StringComparison.Ordinal)))
        {
            output.WriteLine(warning);
        }

        var errors = entries.Where(e => e.StartsWith("Error ", StringComparison.Ordinal) || e.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

public sealed class CleanStartOnSqlite(LogCapturingSqliteFactory factory, ITestOutputHelper output) : CleanStartSpec<LogCapturingSqliteFactory>(factory, output);

public sealed class CleanStartOnPostgres(LogCapturingPostgresFactory factory, ITestOutputHelper output) : CleanStartSpec<LogCapturingPostgresFactory>(factory, output);
