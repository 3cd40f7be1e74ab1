using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MovieSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.CreateTable(
                name: "movie_search",
                columns: table => new
                {
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    movie_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    genre_mask = table.Column<long>(type: "bigint", nullable: false),
                    other_genre_ids = table.Column<int[]>(type: "integer[]", nullable: true),
                    title_words = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movie_search", x => new { x.movie_id, x.country_code });
                })
                .Annotation("Npgsql:StorageParameter:parallel_workers", 0);

            migrationBuilder.CreateIndex(
                name: "ix_movie_search_newest_first",
                table: "movie_search",
                columns: new[] { "country_code", "year", "movie_id" },
                descending: new[] { false, true, false })
                .Annotation("Npgsql:IndexInclude", new[] { "genre_mask", "other_genre_ids", "title_words" });

            migrationBuilder.CreateIndex(
                name: "ix_movie_search_oldest_first",
                table: "movie_search",
                columns: new[] { "country_code", "year", "movie_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "genre_mask", "other_genre_ids", "title_words" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "movie_search");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False")
                .OldAnnotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");
        }
    }
}
