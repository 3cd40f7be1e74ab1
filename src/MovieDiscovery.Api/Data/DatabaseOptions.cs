using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, a relative <c>Data Source</c> is resolved from the working directory.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/movies.db";

    /// <summary>
    /// PostgreSQL only, optional: where the catalogue change listener connects (<c>LISTEN</c> needs a session of its own
    /// on the primary). Set it when <see cref="ConnectionString"/> goes through a pooler in transaction mode (PgBouncer);
    /// unset, the listener uses <see cref="ConnectionString"/>'s primary.
    /// </summary>
    public string? ListenerConnectionString { get; set; }

    /// <summary>Apply pending migrations when the service starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Load the demo catalogue and the three demo users (whose passwords are published) when the database has
    /// none. Unset, it is on in Development only; anywhere else it must be set to true on purpose.
    /// </summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>Bounds every database command, so no request waits on the database forever.</summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Bounds opening a PostgreSQL connection (Npgsql's <c>Timeout</c>) unless the connection string sets one.</summary>
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// PostgreSQL connections per API process (Npgsql's <c>Maximum Pool Size</c>) unless the connection string
    /// sets one. Small on purpose: a few busy connections per database core beat many contending ones.
    /// </summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 8;

    /// <summary>Whether this start loads the demo data: as set, else only in Development.</summary>
    public bool SeedsDemoData(IHostEnvironment environment) => SeedDemoData ?? environment.IsDevelopment();
}
