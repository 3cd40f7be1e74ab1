using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CatalogueChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every committed change to the public catalogue sends one notification (PostgreSQL folds
            // identical ones within a transaction); the API's response cache listens and empties itself.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('catalogue_changed', '');
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in CatalogueTables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_notify_catalogue_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalogue_changed();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in CatalogueTables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER {table}_notify_catalogue_changed ON "{table}";""");
            }

            migrationBuilder.Sql("DROP FUNCTION notify_catalogue_changed();");
        }

        private static readonly string[] CatalogueTables =
            ["movies", "genres", "movie_genres", "actors", "cast", "countries", "movie_availability"];
    }
}
