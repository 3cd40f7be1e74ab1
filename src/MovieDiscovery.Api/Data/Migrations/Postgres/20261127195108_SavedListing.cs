using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
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
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    movie_id = table.Column<int>(type: "integer", nullable: false),
                    date_added = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_listing", x => new { x.movie_id, x.country_code, x.user_id });
                });

            // Each (save, availability) pair is one row, added and taken away with either side in the same
            // transaction. These triggers fire after saved_counts' (names in order), which take the locks that
            // order a save and an availability change of one movie (see SavedCounts): whichever comes second
            // sees the first, so a pair is added exactly once. A deleted movie's cascades take its rows away.
            migrationBuilder.Sql("""
                INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                SELECT s.user_id, a.country_code, s.date_added, s.movie_id
                FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id;

                CREATE FUNCTION saved_listing_follow_saves() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        DELETE FROM saved_listing l WHERE l.movie_id = OLD.movie_id AND l.user_id = OLD.user_id;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                        SELECT NEW.user_id, a.country_code, NEW.date_added, NEW.movie_id
                        FROM movie_availability a WHERE a.movie_id = NEW.movie_id;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER saved_movies_saved_listing
                AFTER INSERT OR DELETE OR UPDATE OF user_id, movie_id, date_added ON saved_movies
                FOR EACH ROW EXECUTE FUNCTION saved_listing_follow_saves();

                CREATE FUNCTION saved_listing_follow_availability() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('DELETE', 'UPDATE') THEN
                        DELETE FROM saved_listing l WHERE l.movie_id = OLD.movie_id AND l.country_code = OLD.country_code;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
                        SELECT s.user_id, NEW.country_code, s.date_added, s.movie_id
                        FROM saved_movies s WHERE s.movie_id = NEW.movie_id;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER movie_availability_saved_listing
                AFTER INSERT OR DELETE OR UPDATE ON movie_availability
                FOR EACH ROW EXECUTE FUNCTION saved_listing_follow_availability();
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
                DROP TRIGGER movie_availability_saved_listing ON movie_availability;
                DROP TRIGGER saved_movies_saved_listing ON saved_movies;
                DROP FUNCTION saved_listing_follow_availability();
                DROP FUNCTION saved_listing_follow_saves();
                """);

            migrationBuilder.DropTable(
                name: "saved_listing");
        }
    }
}
