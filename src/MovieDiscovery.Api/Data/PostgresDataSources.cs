using Npgsql;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// The service's PostgreSQL connections, all from the one configured connection string. With one host
/// there is one plain data source and every connection goes to it. With several
/// (<c>Host=pg1:5432,pg2:5432</c>) there is one Npgsql multi-host data source, seen two ways: through
/// <see cref="Primary"/> (target session <c>primary</c>) for writes and every read that must see them,
/// and through <see cref="Standby"/> (<c>prefer-standby</c>) for catalogue reads, which falls back to the
/// primary when no standby answers. Both share the per-host pools and Npgsql's knowledge of which host is
/// the primary, so a promoted standby is picked up by both.
/// </summary>
public sealed class PostgresDataSources : IAsyncDisposable
{
    private readonly NpgsqlDataSource _root;

    public PostgresDataSources(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(loggerFactory);
        if (HasSeveralHosts(connectionString))
        {
            var multiHost = builder.BuildMultiHost();
            _root = multiHost;
            Primary = multiHost.WithTargetSession(TargetSessionAttributes.Primary);
            Standby = multiHost.WithTargetSession(TargetSessionAttributes.PreferStandby);
        }
        else
        {
            _root = builder.Build();
            Primary = _root;
        }
    }

    /// <summary>Connections to the primary: writes, and the reads that must see them.</summary>
    public NpgsqlDataSource Primary { get; }

    /// <summary>Connections to a standby when one answers, else to the primary; null with a single host.</summary>
    public NpgsqlDataSource? Standby { get; }

    /// <summary>True when the connection string lists more than one host (a primary and its standbys).</summary>
    public static bool HasSeveralHosts(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Host?.Contains(',', StringComparison.Ordinal) == true;

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}
