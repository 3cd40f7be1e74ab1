using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// The application in-process on PostgreSQL with a connection string the test made: several hosts (a primary
/// and its standbys), or a proxy in between. Start it with <see cref="ApiFactory.InitializeAsync"/>.
/// </summary>
public sealed class ConnectionStringApiFactory(string connectionString) : ApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);
}
