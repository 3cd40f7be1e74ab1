using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data.Configurations;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data;

/// <summary>The PostgreSQL flavour of the model; its migrations live in Data/Migrations/Postgres. Its connections go to the primary.</summary>
public class PostgresAppDbContext : AppDbContext
{
    private const string CaseInsensitive = "case_insensitive";

    /// <summary>The configurations of the tables only PostgreSQL has.</summary>
    internal static readonly IReadOnlySet<Type> OwnConfigurations = new HashSet<Type> { typeof(MovieSearchConfiguration) };

    public PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresStandbyDbContext"/>: the same model over other connections.</summary>
    protected PostgresAppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // An ICU collation that ignores case, so unique indexes on these columns ignore case too.
        modelBuilder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        modelBuilder.Entity<Genre>().Property(g => g.Name).UseCollation(CaseInsensitive);
        modelBuilder.Entity<User>().Property(u => u.Email).UseCollation(CaseInsensitive);
        // Title search folds accents with unaccent (Data/Sql/Postgres/catalogue_search.sql); a trusted extension,
        // so a database owner without superuser rights can create it.
        modelBuilder.HasPostgresExtension("unaccent");
        modelBuilder.ApplyConfiguration(new MovieSearchConfiguration());
    }
}

/// <summary>
/// The same model over connections that prefer a standby (<see cref="PostgresDataSources.Standby"/>), for
/// catalogue reads only; <see cref="CatalogueReads"/> hands it out when the standby is current enough.
/// </summary>
public sealed class PostgresStandbyDbContext(DbContextOptions<PostgresStandbyDbContext> options) : PostgresAppDbContext(options);
