using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SavedCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saved_counts",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    movie_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_counts", x => new { x.user_id, x.country_code });
                });

            // Each (save, availability) pair adds one to its (user, country) count, and removing either side
            // takes it away, in the same transaction (SQLite has one writer at a time, so no race to guard).
            // "WHERE true" lets an upsert follow a SELECT.
            migrationBuilder.Sql("""
                INSERT INTO saved_counts (user_id, country_code, movie_count)
                SELECT s.user_id, a.country_code, count(*)
                FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
                GROUP BY s.user_id, a.country_code;

                CREATE TRIGGER saved_movies_saved_counts_insert AFTER INSERT ON saved_movies BEGIN
                    INSERT INTO saved_counts (user_id, country_code, movie_count)
                    SELECT NEW.user_id, a.country_code, 1 FROM movie_availability a WHERE a.movie_id = NEW.movie_id AND true
                    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
                END;
                CREATE TRIGGER saved_movies_saved_counts_delete AFTER DELETE ON saved_movies BEGIN
                    UPDATE saved_counts SET movie_count = movie_count - 1
                    WHERE user_id = OLD.user_id
                      AND country_code IN (SELECT a.country_code FROM movie_availability a WHERE a.movie_id = OLD.movie_id);
                END;
                CREATE TRIGGER saved_movies_saved_counts_update AFTER UPDATE OF user_id, movie_id ON saved_movies BEGIN
                    UPDATE saved_counts SET movie_count = movie_count - 1
                    WHERE user_id = OLD.user_id
                      AND country_code IN (SELECT a.country_code FROM movie_availability a WHERE a.movie_id = OLD.movie_id);
                    INSERT INTO saved_counts (user_id, country_code, movie_count)
                    SELECT NEW.user_id, a.country_code, 1 FROM movie_availability a WHERE a.movie_id = NEW.movie_id AND true
                    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
                END;
                CREATE TRIGGER movie_availability_saved_counts_insert AFTER INSERT ON movie_availability BEGIN
                    INSERT INTO saved_counts (user_id, country_code, movie_count)
                    SELECT s.user_id, NEW.country_code, 1 FROM saved_movies s WHERE s.movie_id = NEW.movie_id AND true
                    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
                END;
                CREATE TRIGGER movie_availability_saved_counts_delete AFTER DELETE ON movie_availability BEGIN
                    UPDATE saved_counts SET movie_count = movie_count - 1
                    WHERE country_code = OLD.country_code
                      AND user_id IN (SELECT s.user_id FROM saved_movies s WHERE s.movie_id = OLD.movie_id);
                END;
                CREATE TRIGGER movie_availability_saved_counts_update AFTER UPDATE ON movie_availability BEGIN
                    UPDATE saved_counts SET movie_count = movie_count - 1
                    WHERE country_code = OLD.country_code
                      AND user_id IN (SELECT s.user_id FROM saved_movies s WHERE s.movie_id = OLD.movie_id);
                    INSERT INTO saved_counts (user_id, country_code, movie_count)
                    SELECT s.user_id, NEW.country_code, 1 FROM saved_movies s WHERE s.movie_id = NEW.movie_id AND true
                    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER movie_availability_saved_counts_update;
                DROP TRIGGER movie_availability_saved_counts_delete;
                DROP TRIGGER movie_availability_saved_counts_insert;
                DROP TRIGGER saved_movies_saved_counts_update;
                DROP TRIGGER saved_movies_saved_counts_delete;
                DROP TRIGGER saved_movies_saved_counts_insert;
                """);

            migrationBuilder.DropTable(
                name: "saved_counts");
        }
    }
}
