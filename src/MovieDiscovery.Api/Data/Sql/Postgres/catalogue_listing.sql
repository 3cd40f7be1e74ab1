-- movie_listing and listing_counts: the catalogue listing and its exact totals, derived from movies,
-- movie_availability and movie_genres (docs/schema.md). A repeatable script: applied after the versioned
-- migrations whenever its checksum changes, in one transaction, and it ends by deriving both tables again,
-- so no row derived by an earlier definition survives a change to it (docs/decisions/0030-repeatable-sql-scripts.md).

-- The listing follows the catalogue statement by statement: after each statement that changes availability,
-- genre links or years, one refresh covers every (movie, country) pair the statement touched (from its transition
-- tables; a change of genres or year touches every country of the movie).
-- The refresh locks those movies in id order, so two changes of one movie run one after the other; it deletes
-- and inserts only the listing rows that differ, and moves each count it touches once, in one upsert in key
-- order, so changes of different movies cannot deadlock on the counts, a statement that changes many movies
-- moves each count once rather than once per row, and a change that leaves a count as it was (a new year) does
-- not lock it. Planned once (a generic plan): planned again for each call, as PostgreSQL chose to, a single-row
-- change spent more time planning this statement than running it.
CREATE OR REPLACE FUNCTION refresh_listing_of_pairs(p_movie_ids integer[], p_country_codes character(2)[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    WITH pairs AS (
        SELECT DISTINCT p.movie_id, p.country_code FROM unnest(p_movie_ids, p_country_codes) AS p(movie_id, country_code)
    ), wanted AS (
        SELECT a.country_code, g.genre_id, m.year, m.id AS movie_id
        FROM pairs p
        JOIN movie_availability a ON a.movie_id = p.movie_id AND a.country_code = p.country_code
        JOIN movies m ON m.id = p.movie_id
        CROSS JOIN LATERAL (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = m.id) g
    ), listed AS (
        SELECT l.country_code, l.genre_id, l.year, l.movie_id
        FROM pairs p
        JOIN movie_listing l ON l.movie_id = p.movie_id AND l.country_code = p.country_code
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

-- Every country of the given movies: those they are available in and those they are listed in (after a change of
-- their genres or years, which concerns all their countries).
CREATE OR REPLACE FUNCTION refresh_movie_listing(p_movie_ids integer[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    SELECT array_agg(p.movie_id), array_agg(p.country_code) INTO v_movie_ids, v_country_codes
    FROM (SELECT a.movie_id, a.country_code FROM movie_availability a WHERE a.movie_id = ANY (p_movie_ids)
          UNION
          SELECT l.movie_id, l.country_code FROM movie_listing l WHERE l.movie_id = ANY (p_movie_ids)) p;
    IF v_movie_ids IS NOT NULL THEN
        PERFORM refresh_listing_of_pairs(v_movie_ids, v_country_codes);
    END IF;
END $$;

-- After a statement on movie_availability, only the (movie, country) pairs it added or removed: new bounds of a
-- current window (the clock and the windows' writers update them) change no listing row.
CREATE OR REPLACE FUNCTION movie_listing_follow_availability() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes FROM new_links;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes FROM old_links;
    ELSE
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
        FROM ((SELECT movie_id, country_code FROM old_links EXCEPT SELECT movie_id, country_code FROM new_links)
              UNION
              (SELECT movie_id, country_code FROM new_links EXCEPT SELECT movie_id, country_code FROM old_links)) p;
    END IF;
    IF v_movie_ids IS NOT NULL THEN
        PERFORM refresh_listing_of_pairs(v_movie_ids, v_country_codes);
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables fires on one event only, so each table has one per event.
CREATE OR REPLACE FUNCTION movie_listing_follow_links() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER movie_availability_listing_insert AFTER INSERT ON movie_availability
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_availability();
CREATE OR REPLACE TRIGGER movie_availability_listing_delete AFTER DELETE ON movie_availability
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_availability();
CREATE OR REPLACE TRIGGER movie_availability_listing_update AFTER UPDATE ON movie_availability
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_availability();
CREATE OR REPLACE TRIGGER movie_genres_listing_insert AFTER INSERT ON movie_genres
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
CREATE OR REPLACE TRIGGER movie_genres_listing_delete AFTER DELETE ON movie_genres
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();
CREATE OR REPLACE TRIGGER movie_genres_listing_update AFTER UPDATE ON movie_genres
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_links();

-- Transition tables cannot be limited to a column (UPDATE OF year): every update is looked at.
CREATE OR REPLACE FUNCTION movie_listing_follow_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_movie_listing(ARRAY(
        SELECT n.id FROM new_movies n JOIN old_movies o ON o.id = n.id WHERE n.year IS DISTINCT FROM o.year));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER movies_listing AFTER UPDATE ON movies
    REFERENCING OLD TABLE AS old_movies NEW TABLE AS new_movies FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_years();

-- Both tables from scratch, in key order: after a change to this file, after a TRUNCATE of what they are
-- derived from (which fires no row or statement trigger above), and after the benchmark's bulk load.
CREATE OR REPLACE FUNCTION derive_movie_listing() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE movie_listing, listing_counts;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, 0, m.year, m.id
    FROM movie_availability a JOIN movies m ON m.id = a.movie_id
    UNION ALL
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movie_availability a JOIN movie_genres g ON g.movie_id = a.movie_id JOIN movies m ON m.id = a.movie_id
    ORDER BY 1, 2, 3, 4;
    INSERT INTO listing_counts (country_code, genre_id, movie_count)
    SELECT country_code, genre_id, count(*) FROM movie_listing GROUP BY country_code, genre_id ORDER BY 1, 2;
END $$;

CREATE OR REPLACE FUNCTION movie_listing_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM derive_movie_listing();
    RETURN NULL;
END $$;

-- movies cannot be truncated without movie_availability (its foreign keys), so these two cover it.
CREATE OR REPLACE TRIGGER movie_availability_listing_truncate AFTER TRUNCATE ON movie_availability
    FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_truncate();
CREATE OR REPLACE TRIGGER movie_genres_listing_truncate AFTER TRUNCATE ON movie_genres
    FOR EACH STATEMENT EXECUTE FUNCTION movie_listing_follow_truncate();

-- Last: replacing the triggers above locked writes to the tables read here out until this transaction commits.
SELECT derive_movie_listing();
