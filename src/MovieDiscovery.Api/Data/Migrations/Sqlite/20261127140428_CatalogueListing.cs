using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Sqlite
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
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    genre_id = table.Column<int>(type: "INTEGER", nullable: false),
                    movie_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_counts", x => new { x.country_code, x.genre_id });
                });

            migrationBuilder.CreateTable(
                name: "movie_listing",
                columns: table => new
                {
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    genre_id = table.Column<int>(type: "INTEGER", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false)
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
                INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                SELECT a.country_code, g.genre_id, m.year, m.id
                FROM movies m
                JOIN movie_availability a ON a.movie_id = m.id
                JOIN (SELECT 0 AS genre_id, NULL AS movie_id UNION ALL SELECT genre_id, movie_id FROM movie_genres) g
                    ON g.movie_id IS NULL OR g.movie_id = m.id;

                INSERT INTO listing_counts (country_code, genre_id, movie_count)
                SELECT country_code, genre_id, count(*) FROM movie_listing GROUP BY country_code, genre_id;

                CREATE TRIGGER movie_listing_counts_insert AFTER INSERT ON movie_listing BEGIN
                    INSERT INTO listing_counts (country_code, genre_id, movie_count) VALUES (NEW.country_code, NEW.genre_id, 1)
                    ON CONFLICT (country_code, genre_id) DO UPDATE SET movie_count = movie_count + 1;
                END;
                CREATE TRIGGER movie_listing_counts_delete AFTER DELETE ON movie_listing BEGIN
                    UPDATE listing_counts SET movie_count = movie_count - 1
                    WHERE country_code = OLD.country_code AND genre_id = OLD.genre_id;
                END;
                CREATE TRIGGER movie_availability_listing_insert AFTER INSERT ON movie_availability BEGIN
                    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
                    WHERE m.id = NEW.movie_id;
                END;
                CREATE TRIGGER movie_availability_listing_delete AFTER DELETE ON movie_availability BEGIN
                    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
                    WHERE m.id = OLD.movie_id;
                END;
                CREATE TRIGGER movie_availability_listing_update AFTER UPDATE ON movie_availability BEGIN
                    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
                    WHERE m.id = OLD.movie_id;
                    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
                    WHERE m.id = NEW.movie_id;
                END;
                CREATE TRIGGER movie_genres_listing_insert AFTER INSERT ON movie_genres BEGIN
                    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
                    WHERE m.id = NEW.movie_id;
                END;
                CREATE TRIGGER movie_genres_listing_delete AFTER DELETE ON movie_genres BEGIN
                    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
                    WHERE m.id = OLD.movie_id;
                END;
                CREATE TRIGGER movie_genres_listing_update AFTER UPDATE ON movie_genres BEGIN
                    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
                    WHERE m.id = OLD.movie_id;
                    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
                    WHERE m.id = NEW.movie_id;
                END;
                CREATE TRIGGER movies_listing_update AFTER UPDATE OF year ON movies BEGIN
                    DELETE FROM movie_listing WHERE movie_id = NEW.id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.id) g
                    WHERE m.id = NEW.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER movies_listing_update;
                DROP TRIGGER movie_genres_listing_update;
                DROP TRIGGER movie_genres_listing_delete;
                DROP TRIGGER movie_genres_listing_insert;
                DROP TRIGGER movie_availability_listing_update;
                DROP TRIGGER movie_availability_listing_delete;
                DROP TRIGGER movie_availability_listing_insert;
                DROP TRIGGER movie_listing_counts_delete;
                DROP TRIGGER movie_listing_counts_insert;
                """);

            migrationBuilder.DropTable(
                name: "listing_counts");

            migrationBuilder.DropTable(
                name: "movie_listing");
        }
    }
}
