-- saved_counts: per (user, country), how many of the user's saved movies are available there, derived from
-- saved_movies and movie_availability (docs/schema.md). A repeatable script: applied after the versioned
-- migrations whenever its checksum changes, in one transaction, and it ends by deriving the table again, so no
-- row derived by an earlier definition survives a change to it (docs/decisions/0030-repeatable-sql-scripts.md).

-- Each (save, availability) pair adds one to its (user, country) count, and removing either side takes it away,
-- in the same transaction. Rows are locked in key order, so two changes of one user's counts cannot deadlock.
-- A save or a removal first takes a key-share lock on its movie, and an availability change locks the movie for
-- update (a BEFORE trigger): so a save and an availability change of one movie, or two availability changes of
-- one movie, run one after the other, and the second (its next statement, in READ COMMITTED) sees the first.
-- Deleting a movie cascades to both sides, and PostgreSQL runs the cascades' row triggers after both are gone:
-- so a movie's pairs are taken away before it is deleted (movies_saved_counts), and the two row triggers leave
-- alone the rows of a movie that no longer exists.
CREATE OR REPLACE FUNCTION saved_counts_follow_saves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM 1 FROM movies WHERE id = OLD.movie_id FOR KEY SHARE;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM 1 FROM movies WHERE id = NEW.movie_id FOR KEY SHARE;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND EXISTS (SELECT 1 FROM movies WHERE id = OLD.movie_id) THEN
        PERFORM 1 FROM saved_counts c
        WHERE c.user_id = OLD.user_id
          AND c.country_code IN (SELECT a.country_code FROM movie_availability a WHERE a.movie_id = OLD.movie_id)
        ORDER BY c.country_code FOR UPDATE;
        UPDATE saved_counts c SET movie_count = c.movie_count - 1
        FROM movie_availability a
        WHERE a.movie_id = OLD.movie_id AND c.user_id = OLD.user_id AND c.country_code = a.country_code;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO saved_counts (user_id, country_code, movie_count)
        SELECT NEW.user_id, a.country_code, 1 FROM movie_availability a WHERE a.movie_id = NEW.movie_id
        ORDER BY a.country_code
        ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = saved_counts.movie_count + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER saved_movies_saved_counts
AFTER INSERT OR DELETE OR UPDATE OF user_id, movie_id ON saved_movies
FOR EACH ROW EXECUTE FUNCTION saved_counts_follow_saves();

CREATE OR REPLACE FUNCTION saved_counts_follow_availability() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND EXISTS (SELECT 1 FROM movies WHERE id = OLD.movie_id) THEN
        PERFORM 1 FROM saved_counts c
        WHERE c.country_code = OLD.country_code
          AND c.user_id IN (SELECT s.user_id FROM saved_movies s WHERE s.movie_id = OLD.movie_id)
        ORDER BY c.user_id FOR UPDATE;
        UPDATE saved_counts c SET movie_count = c.movie_count - 1
        FROM saved_movies s
        WHERE s.movie_id = OLD.movie_id AND c.user_id = s.user_id AND c.country_code = OLD.country_code;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO saved_counts (user_id, country_code, movie_count)
        SELECT s.user_id, NEW.country_code, 1 FROM saved_movies s WHERE s.movie_id = NEW.movie_id
        ORDER BY s.user_id
        ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = saved_counts.movie_count + 1;
    END IF;
    RETURN NULL;
END $$;

-- A new window's bounds (available_from, available_until) change no pair.
CREATE OR REPLACE TRIGGER movie_availability_saved_counts
AFTER INSERT OR DELETE OR UPDATE OF movie_id, country_code ON movie_availability
FOR EACH ROW EXECUTE FUNCTION saved_counts_follow_availability();

CREATE OR REPLACE FUNCTION saved_counts_follow_movie_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM saved_counts c
    WHERE (c.user_id, c.country_code) IN (
        SELECT s.user_id, a.country_code
        FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
        WHERE s.movie_id = OLD.id)
    ORDER BY c.user_id, c.country_code FOR UPDATE;
    UPDATE saved_counts c SET movie_count = c.movie_count - 1
    FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
    WHERE s.movie_id = OLD.id AND c.user_id = s.user_id AND c.country_code = a.country_code;
    RETURN OLD;
END $$;

CREATE OR REPLACE TRIGGER movies_saved_counts
BEFORE DELETE ON movies
FOR EACH ROW EXECUTE FUNCTION saved_counts_follow_movie_deletion();

CREATE OR REPLACE FUNCTION lock_movie_of_availability() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM 1 FROM movies WHERE id = OLD.movie_id FOR UPDATE;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM 1 FROM movies WHERE id = NEW.movie_id FOR UPDATE;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER movie_availability_lock_movie
BEFORE INSERT OR DELETE OR UPDATE OF movie_id, country_code ON movie_availability
FOR EACH ROW EXECUTE FUNCTION lock_movie_of_availability();

-- The table from scratch, in key order: after a change to this file, after a TRUNCATE of what it is derived
-- from (which fires no row trigger above), and after the benchmark's bulk load.
CREATE OR REPLACE FUNCTION derive_saved_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE saved_counts;
    INSERT INTO saved_counts (user_id, country_code, movie_count)
    SELECT s.user_id, a.country_code, count(*)
    FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
    GROUP BY s.user_id, a.country_code
    ORDER BY 1, 2;
END $$;

CREATE OR REPLACE FUNCTION saved_counts_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM derive_saved_counts();
    RETURN NULL;
END $$;

-- users and movies cannot be truncated without saved_movies (their foreign keys), so these two cover them.
CREATE OR REPLACE TRIGGER saved_movies_saved_counts_truncate AFTER TRUNCATE ON saved_movies
    FOR EACH STATEMENT EXECUTE FUNCTION saved_counts_follow_truncate();
CREATE OR REPLACE TRIGGER movie_availability_saved_counts_truncate AFTER TRUNCATE ON movie_availability
    FOR EACH STATEMENT EXECUTE FUNCTION saved_counts_follow_truncate();

-- Last: replacing the triggers above locked writes to the tables read here out until this transaction commits.
SELECT derive_saved_counts();
