using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SavedListNoLongerReadsSaves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_saved_movies_user_id_date_added_movie_id",
                table: "saved_movies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_saved_movies_user_id_date_added_movie_id",
                table: "saved_movies",
                columns: new[] { "user_id", "date_added", "movie_id" });
        }
    }
}
