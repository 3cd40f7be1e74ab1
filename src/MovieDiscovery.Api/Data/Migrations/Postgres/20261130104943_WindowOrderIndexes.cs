using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <summary>
    /// The lists by when movies leave and arrived (Features/Movies/MovieWindowsOnPostgres.cs): per country, the current
    /// windows by end (an open end as infinity) and by start (since always as -infinity), then id, so a page in either
    /// order and a range of days are one index range. Written as SQL: the model cannot state an index on an expression.
    /// The bound is also included, so that a count of a range of days can be an index-only scan.
    /// </summary>
    public partial class WindowOrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_movie_availability_leaving ON movie_availability
                    (country_code, (coalesce(available_until, 'infinity'::timestamptz)), movie_id) INCLUDE (available_until);
                """);
            migrationBuilder.Sql("""
                CREATE INDEX ix_movie_availability_arrived ON movie_availability
                    (country_code, (coalesce(available_from, '-infinity'::timestamptz)) DESC, movie_id) INCLUDE (available_from);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_movie_availability_arrived;");
            migrationBuilder.Sql("DROP INDEX ix_movie_availability_leaving;");
        }
    }
}
