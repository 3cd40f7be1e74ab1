using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListingCountsInKeyOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A movie's listing rows were all deleted and inserted again at each change, and a row trigger moved
            // listing_counts one row at a time, in whatever order the rows came: two changes of different movies in
            // the same countries and genres could lock those counts in opposite orders and deadlock. Now a refresh
            // locks its movie first (one refresh of a movie at a time), touches only the rows that changed, and
            // moves every count it needs in one statement, in key order: single-row catalogue changes cannot
            // deadlock on the counts, and a change that leaves a count as it was (a new year) does not lock it.
            migrationBuilder.Sql("""
                DROP TRIGGER movie_listing_counts ON movie_listing;
                DROP FUNCTION listing_counts_follow();

                CREATE OR REPLACE FUNCTION refresh_movie_listing(p_movie_id integer) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM 1 FROM movies WHERE id = p_movie_id FOR NO KEY UPDATE;
                    WITH wanted AS (
                        SELECT a.country_code, g.genre_id, m.year
                        FROM movies m
                        JOIN movie_availability a ON a.movie_id = m.id
                        CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g
                        WHERE m.id = p_movie_id
                    ), removed AS (
                        DELETE FROM movie_listing l
                        WHERE l.movie_id = p_movie_id
                          AND (l.country_code, l.genre_id, l.year) NOT IN (SELECT country_code, genre_id, year FROM wanted)
                        RETURNING l.country_code, l.genre_id, -1 AS change
                    ), added AS (
                        INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                        SELECT w.country_code, w.genre_id, w.year, p_movie_id FROM wanted w
                        WHERE (w.country_code, w.genre_id, w.year) NOT IN
                            (SELECT l.country_code, l.genre_id, l.year FROM movie_listing l WHERE l.movie_id = p_movie_id)
                        RETURNING country_code, genre_id, 1 AS change
                    )
                    INSERT INTO listing_counts AS c (country_code, genre_id, movie_count)
                    SELECT d.country_code, d.genre_id, sum(d.change)::integer
                    FROM (SELECT * FROM removed UNION ALL SELECT * FROM added) d
                    GROUP BY d.country_code, d.genre_id
                    HAVING sum(d.change) <> 0
                    ORDER BY d.country_code, d.genre_id
                    ON CONFLICT (country_code, genre_id) DO UPDATE SET movie_count = c.movie_count + EXCLUDED.movie_count;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION refresh_movie_listing(integer);
                CREATE FUNCTION refresh_movie_listing(p_movie_id integer) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM movie_listing WHERE movie_id = p_movie_id;
                    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                    SELECT a.country_code, g.genre_id, m.year, m.id
                    FROM movies m
                    JOIN movie_availability a ON a.movie_id = m.id
                    CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g
                    WHERE m.id = p_movie_id;
                $$;

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

                CREATE TRIGGER movie_listing_counts AFTER INSERT OR DELETE ON movie_listing
                    FOR EACH ROW EXECUTE FUNCTION listing_counts_follow();
                """);
        }
    }
}
