using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MovieDiscovery.Api.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListingFollowsStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The listing followed the catalogue row by row: each changed row deleted and re-inserted all of its
            // movie's listing rows, and a row trigger on movie_listing moved the counts one at a time, in whatever
            // order the rows came. Two changes of different movies could lock those counts in opposite orders and
            // deadlock, and a statement that made 10,000 movies available moved its country's counts 10,000 times,
            // each update of one row in one transaction slower than the last. Now it follows statement by statement:
            // one refresh of every movie the statement touched (from its transition tables), which locks those
            // movies in id order, touches only the listing rows that differ and moves each count once, in key order.
            migrationBuilder.Sql("""
                DROP TRIGGER movie_listing_counts ON movie_listing;
                DROP TRIGGER movie_availability_listing ON movie_availability;
                DROP TRIGGER movie_genres_listing ON movie_genres;
                DROP TRIGGER movies_listing ON movies;
                DROP FUNCTION movie_listing_follow_link();
                DROP FUNCTION movie_listing_follow_movie();
                DROP FUNCTION listing_counts_follow();
                DROP FUNCTION refresh_movie_listing(integer);

                -- Planned once (a generic plan): planned again for each call, as PostgreSQL chose to, a single-row
                -- change spent more time planning this statement than running it.
                CREATE FUNCTION refresh_movie_listing(p_movie_ids integer[]) RETURNS void LANGUAGE plpgsql
                SET plan_cache_mode = force_generic_plan AS $$
                BEGIN
                    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
                    WITH wanted AS (
                        SELECT a.country_code, g.genre_id, m.year, m.id AS movie_id
                        FROM movies m
                        JOIN movie_availability a ON a.movie_id = m.id
                        CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g
                        WHERE m.id = ANY (p_movie_ids)
                    ), listed AS (
                        SELECT l.country_code, l.genre_id, l.year, l.movie_id FROM movie_listing l WHERE l.movie_id = ANY (p_movie_ids)
                    ), removed AS (
                        DELETE FROM movie_listing l
                        USING (SELECT * FROM listed EXCEPT SELECT * FROM wanted) r
                        WHERE l.country_code = r.country_code AND l.genre_id = r.genre_id AND l.year = r.year AND l.movie_id = r.movie_id
                        RETURNING l.country_code, l.genre_id, -1 AS change
                    ), added AS (
                        INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
                        SELECT * FROM wanted EXCEPT SELECT * FROM listed
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

                -- A trigger with transition tables fires on one event only, so each table has one per event.
                CREATE FUNCTION movie_listing_follow_links() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM refresh_movie_listing(ARRAY(SELECT DISTINCT movie_id FROM new_links));
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM refresh_movie_listing(ARRAY(SELECT DISTINCT movie_id FROM old_links));
                    ELSE
                        PERFORM refresh_movie_listing(ARRAY(SELECT movie_id FROM old_links UNION SELECT movie_id FROM new_links));
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER movie_availability_listing_insert AFTER INSERT ON movie_availability
                    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
                CREATE TRIGGER movie_availability_listing_delete AFTER DELETE ON movie_availability
                    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
                CREATE TRIGGER movie_availability_listing_update AFTER UPDATE ON movie_availability
                    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
                CREATE TRIGGER movie_genres_listing_insert AFTER INSERT ON movie_genres
                    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
                CREATE TRIGGER movie_genres_listing_delete AFTER DELETE ON movie_genres
                    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
                CREATE TRIGGER movie_genres_listing_update AFTER UPDATE ON movie_genres
                    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();

                -- Transition tables cannot be limited to a column (UPDATE OF year): every update is looked at.
                CREATE FUNCTION movie_listing_follow_years() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM refresh_movie_listing(ARRAY(
                        SELECT n.id FROM new_movies n JOIN old_movies o ON o.id = n.id WHERE n.year IS DISTINCT FROM o.year));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER movies_listing AFTER UPDATE ON movies
                    REFERENCING OLD TABLE AS old_movies NEW TABLE AS new_movies FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_years();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER movies_listing ON movies;
                DROP TRIGGER movie_genres_listing_update ON movie_genres;
                DROP TRIGGER movie_genres_listing_delete ON movie_genres;
                DROP TRIGGER movie_genres_listing_insert ON movie_genres;
                DROP TRIGGER movie_availability_listing_update ON movie_availability;
                DROP TRIGGER movie_availability_listing_delete ON movie_availability;
                DROP TRIGGER movie_availability_listing_insert ON movie_availability;
                DROP FUNCTION movie_listing_follow_years();
                DROP FUNCTION movie_listing_follow_links();
                DROP FUNCTION refresh_movie_listing(integer[]);

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
    }
}
