using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SavedListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saved_listing",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    date_added = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_listing", x => new { x.movie_id, x.country_code, x.user_id });
                });

            // Each (save, availability) pair is one row, added and taken away with either side in the same
            // transaction (SQLite has one writer at a time, so no race to guard).
            migrationBuilder.Sql("""
                INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                SELECT s.user_id, a.country_code, s.date_added, s.movie_id
                FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id;

                CREATE TRIGGER saved_movies_saved_listing_insert AFTER INSERT ON saved_movies BEGIN
                    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                    SELECT NEW.user_id, a.country_code, NEW.date_added, NEW.movie_id FROM movie_availability a WHERE a.movie_id = NEW.movie_id;
                END;
                CREATE TRIGGER saved_movies_saved_listing_delete AFTER DELETE ON saved_movies BEGIN
                    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND user_id = OLD.user_id;
                END;
                CREATE TRIGGER saved_movies_saved_listing_update AFTER UPDATE OF user_id, movie_id, date_added ON saved_movies BEGIN
                    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND user_id = OLD.user_id;
                    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                    SELECT NEW.user_id, a.country_code, NEW.date_added, NEW.movie_id FROM movie_availability a WHERE a.movie_id = NEW.movie_id;
                END;
                CREATE TRIGGER movie_availability_saved_listing_insert AFTER INSERT ON movie_availability BEGIN
                    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                    SELECT s.user_id, NEW.country_code, s.date_added, s.movie_id FROM saved_movies s WHERE s.movie_id = NEW.movie_id;
                END;
                CREATE TRIGGER movie_availability_saved_listing_delete AFTER DELETE ON movie_availability BEGIN
                    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code;
                END;
                CREATE TRIGGER movie_availability_saved_listing_update AFTER UPDATE ON movie_availability BEGIN
                    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code;
                    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                    SELECT s.user_id, NEW.country_code, s.date_added, s.movie_id FROM saved_movies s WHERE s.movie_id = NEW.movie_id;
                END;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_saved_listing_user_id_country_code_date_added_movie_id",
                table: "saved_listing",
                columns: new[] { "user_id", "country_code", "date_added", "movie_id" },
                descending: new[] { false, false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER movie_availability_saved_listing_update;
                DROP TRIGGER movie_availability_saved_listing_delete;
                DROP TRIGGER movie_availability_saved_listing_insert;
                DROP TRIGGER saved_movies_saved_listing_update;
                DROP TRIGGER saved_movies_saved_listing_delete;
                DROP TRIGGER saved_movies_saved_listing_insert;
                """);

            migrationBuilder.DropTable(
                name: "saved_listing");
        }
    }
}
