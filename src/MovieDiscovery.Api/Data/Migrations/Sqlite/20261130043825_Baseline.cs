using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "actors",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "countries",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_countries", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "genres",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false, collation: "NOCASE")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_genres", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "movies",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    runtime_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    overview = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movies", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    date_of_birth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false, collation: "NOCASE"),
                    password_hash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cast",
                columns: table => new
                {
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    actor_id = table.Column<int>(type: "INTEGER", nullable: false),
                    billing = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cast", x => new { x.movie_id, x.actor_id });
                    table.ForeignKey(
                        name: "fk_cast_actors_actor_id",
                        column: x => x.actor_id,
                        principalTable: "actors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_cast_movies_movie_id",
                        column: x => x.movie_id,
                        principalTable: "movies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "movie_availability",
                columns: table => new
                {
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    country_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movie_availability", x => new { x.movie_id, x.country_code });
                    table.ForeignKey(
                        name: "fk_movie_availability_countries_country_code",
                        column: x => x.country_code,
                        principalTable: "countries",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_movie_availability_movies_movie_id",
                        column: x => x.movie_id,
                        principalTable: "movies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "movie_genres",
                columns: table => new
                {
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    genre_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movie_genres", x => new { x.movie_id, x.genre_id });
                    table.ForeignKey(
                        name: "fk_movie_genres_genres_genre_id",
                        column: x => x.genre_id,
                        principalTable: "genres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_movie_genres_movies_movie_id",
                        column: x => x.movie_id,
                        principalTable: "movies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_movies",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    movie_id = table.Column<int>(type: "INTEGER", nullable: false),
                    date_added = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_movies", x => new { x.user_id, x.movie_id });
                    table.ForeignKey(
                        name: "fk_saved_movies_movies_movie_id",
                        column: x => x.movie_id,
                        principalTable: "movies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_saved_movies_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cast_actor_id",
                table: "cast",
                column: "actor_id");

            migrationBuilder.CreateIndex(
                name: "ix_genres_name",
                table: "genres",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_movie_availability_country_code_movie_id",
                table: "movie_availability",
                columns: new[] { "country_code", "movie_id" });

            migrationBuilder.CreateIndex(
                name: "ix_movie_genres_genre_id_movie_id",
                table: "movie_genres",
                columns: new[] { "genre_id", "movie_id" });

            migrationBuilder.CreateIndex(
                name: "ix_movie_listing_movie_id",
                table: "movie_listing",
                column: "movie_id");

            migrationBuilder.CreateIndex(
                name: "ix_movie_listing_year_desc",
                table: "movie_listing",
                columns: new[] { "country_code", "genre_id", "year", "movie_id" },
                descending: new[] { false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_movies_year_id",
                table: "movies",
                columns: new[] { "year", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_listing_user_id_country_code_date_added_movie_id",
                table: "saved_listing",
                columns: new[] { "user_id", "country_code", "date_added", "movie_id" },
                descending: new[] { false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_saved_movies_movie_id",
                table: "saved_movies",
                column: "movie_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cast");

            migrationBuilder.DropTable(
                name: "listing_counts");

            migrationBuilder.DropTable(
                name: "movie_availability");

            migrationBuilder.DropTable(
                name: "movie_genres");

            migrationBuilder.DropTable(
                name: "movie_listing");

            migrationBuilder.DropTable(
                name: "saved_counts");

            migrationBuilder.DropTable(
                name: "saved_listing");

            migrationBuilder.DropTable(
                name: "saved_movies");

            migrationBuilder.DropTable(
                name: "actors");

            migrationBuilder.DropTable(
                name: "countries");

            migrationBuilder.DropTable(
                name: "genres");

            migrationBuilder.DropTable(
                name: "movies");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
