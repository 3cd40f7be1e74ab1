using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AvailabilityWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "movies",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "available_from",
                table: "movie_availability",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "available_until",
                table: "movie_availability",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "availability_clock",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    applied_until = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_availability_clock", x => x.id);
                    table.CheckConstraint("ck_availability_clock_single_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "availability_windows",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    available_from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    available_until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_availability_windows", x => x.id);
                    table.CheckConstraint("ck_availability_windows_from_before_until", "available_from IS NULL OR available_until IS NULL OR available_from < available_until");
                    table.ForeignKey(
                        name: "fk_availability_windows_countries_country_code",
                        column: x => x.country_code,
                        principalTable: "countries",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_availability_windows_movies_movie_id",
                        column: x => x.movie_id,
                        principalTable: "movies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_movies_external_id",
                table: "movies",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_availability_windows_available_from",
                table: "availability_windows",
                column: "available_from",
                filter: "available_from IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_availability_windows_available_until",
                table: "availability_windows",
                column: "available_until",
                filter: "available_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_availability_windows_country_code",
                table: "availability_windows",
                column: "country_code");

            migrationBuilder.CreateIndex(
                name: "ix_availability_windows_movie_id_country_code_available_from",
                table: "availability_windows",
                columns: new[] { "movie_id", "country_code", "available_from" });

            // The clock starts at the migration's time; every movie available before windows existed gets an open-ended
            // window, so the windows say everything movie_availability says (Data/Sql/*/availability_windows.sql).
            migrationBuilder.Sql("INSERT INTO availability_clock (id, applied_until) VALUES (1, rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', 'now'), '0'), '.'));");
            migrationBuilder.Sql("INSERT INTO availability_windows (movie_id, country_code) SELECT movie_id, country_code FROM movie_availability ORDER BY movie_id, country_code;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "availability_clock");

            migrationBuilder.DropTable(
                name: "availability_windows");

            migrationBuilder.DropIndex(
                name: "ix_movies_external_id",
                table: "movies");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "movies");

            migrationBuilder.DropColumn(
                name: "available_from",
                table: "movie_availability");

            migrationBuilder.DropColumn(
                name: "available_until",
                table: "movie_availability");
        }
    }
}
