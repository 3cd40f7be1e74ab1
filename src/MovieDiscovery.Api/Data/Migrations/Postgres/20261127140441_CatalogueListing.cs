using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CatalogueListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listing_counts",
                columns: table => new
                {
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    genre_id = table.Column<int>(type: "integer", nullable: false),
                    movie_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_counts", x => new { x.country_code, x.genre_id });
                });

            migrationBuilder.CreateTable(
                name: "movie_listing",
                columns: table => new
                {
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    genre_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    movie_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movie_listing", x => new { x.country_code, x.genre_id, x.year, x.movie_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_movie_listing_movie_id",
                table: "movie_listing",
                column: "movie_id");

            migrationBuilder.CreateIndex(
                name: "ix_movie_listing_year_desc",
                table: "movie_listing",
                columns: new[] { "country_code", "genre_id", "year", "movie_id" },
                descending: new[] { false, false, true, false });

            // The listing and its counts follow the catalogue through triggers, in the same transaction
            // as any change to availability, genres or a movie's year.
            migrationBuilder.Sql("""
                CREATE FUNCTION refresh_movie_listing(p_movie_id integer) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM movie_listing WHERE movie_id = p_movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g
                    WHERE m.id = p_movie_id;
                $$;

                CREATE FUNCTION movie_listing_follow_link() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM refresh_movie_listing(OLD.movie_id);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM refresh_movie_listing(NEW.movie_id);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION movie_listing_follow_movie() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM refresh_movie_listing(NEW.id);
                    RETURN NULL;
                END $$;

                CREATE FUNCTION listing_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO listing_counts AS c (country_code, genre_id, movie_count)
                        VALUES (NEW.country_code, NEW.genre_id, 1)
                        ON CONFLICT (country_code, genre_id) DO UPDATE SET movie_count = c.movie_count + 1;
                    ELSE
                        UPDATE listing_counts SET movie_count = movie_count - 1
                        WHERE country_code = OLD.country_code AND genre_id = OLD.genre_id;
                    END IF;
                    RETURN NULL;
                END $$;

                INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                SELECT a.country_code, g.genre_id, m.year, m.id
                FROM movies m
                JOIN movie_availability a ON a.movie_id = m.id
                CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g;

                INSERT INTO listing_counts (country_code, genre_id, movie_count)
                SELECT country_code, genre_id, count(*) FROM movie_listing GROUP BY country_code, genre_id;

                CREATE TRIGGER movie_availability_listing AFTER INSERT OR UPDATE OR DELETE ON movie_availability
                    FOR EACH ROW EXECUTE FUNCTION movie_listing_follow_link();
                CREATE TRIGGER movie_genres_listing AFTER INSERT OR UPDATE OR DELETE ON movie_genres
                    FOR EACH ROW EXECUTE FUNCTION movie_listing_follow_link();
                CREATE TRIGGER movies_listing AFTER UPDATE OF year ON movies
                    FOR EACH ROW EXECUTE FUNCTION movie_listing_follow_movie();
                CREATE TRIGGER movie_listing_counts AFTER INSERT OR DELETE ON movie_listing
                    FOR EACH ROW EXECUTE FUNCTION listing_counts_follow();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER movie_listing_counts ON movie_listing;
                DROP TRIGGER movies_listing ON movies;
                DROP TRIGGER movie_genres_listing ON movie_genres;
                DROP TRIGGER movie_availability_listing ON movie_availability;
                DROP FUNCTION listing_counts_follow();
                DROP FUNCTION movie_listing_follow_movie();
                DROP FUNCTION movie_listing_follow_link();
                DROP FUNCTION refresh_movie_listing(integer);
                """);

            migrationBuilder.DropTable(
                name: "listing_counts");

            migrationBuilder.DropTable(
                name: "movie_listing");
        }
    }
}
