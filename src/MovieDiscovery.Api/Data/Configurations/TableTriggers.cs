using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MovieDiscovery.Api.Data.Configurations;

/// <summary>
/// Declares a table's triggers to EF Core: the ones the provider's scripts in Data/Sql create on it. The
/// declaration changes no SQL that EF Core generates for SQLite or PostgreSQL (both keep RETURNING; only SQL
/// Server turns OUTPUT off for tables with triggers): it tells a reader of the model, and the model snapshot,
/// that writes to the table do more than the table shows (docs/decisions/0030-repeatable-sql-scripts.md).
/// </summary>
internal static class TableTriggers
{
    /// <summary>Set on the model by <see cref="AppDbContext"/> while the configurations are applied.</summary>
    public const string ProviderAnnotation = "MovieDiscovery:Provider";

    public static TableBuilder<TEntity> HasTriggers<TEntity>(this TableBuilder<TEntity> table, string[] postgres, string[] sqlite)
        where TEntity : class
    {
        var provider = table.Metadata.Model.FindAnnotation(ProviderAnnotation)?.Value as DatabaseProvider?
            ?? throw new InvalidOperationException("The model's provider is not known while its triggers are declared.");
        foreach (var name in provider == DatabaseProvider.Postgres ? postgres : sqlite)
        {
            table.HasTrigger(name);
        }

        return table;
    }
}
