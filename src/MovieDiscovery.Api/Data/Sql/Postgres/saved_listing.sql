-- saved_listing: each (save, availability) pair as one row, so a saved list in a country is one ordered index
-- range, derived from saved_movies and movie_availability (docs/schema.md). A repeatable script: applied after
-- the versioned migrations whenever its checksum changes, in one transaction, and it ends by deriving the table
-- again, so no row derived by an earlier definition survives a change to it
-- (docs/decisions/0030-repeatable-sql-scripts.md).

-- Each pair is added and taken away with either side in the same transaction. These triggers fire after
-- saved_counts' (PostgreSQL fires a table's triggers in name order), which take the locks that order a save and
-- an availability change of one movie (saved_counts.sql): whichever comes second sees the first, so a pair is
-- added exactly once. A deleted movie's cascades take its rows away.
CREATE OR REPLACE FUNCTION saved_listing_follow_saves() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE TRIGGER saved_movies_saved_listing
AFTER INSERT OR DELETE OR UPDATE OF user_id, movie_id, date_added ON saved_movies
FOR EACH ROW EXECUTE FUNCTION saved_listing_follow_saves();

CREATE OR REPLACE FUNCTION saved_listing_follow_availability() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- A new window's bounds (available_from, available_until) change no pair.
CREATE OR REPLACE TRIGGER movie_availability_saved_listing
AFTER INSERT OR DELETE OR UPDATE OF movie_id, country_code ON movie_availability
FOR EACH ROW EXECUTE FUNCTION saved_listing_follow_availability();

-- The table from scratch, in the saved lists' index order: after a change to this file, after a TRUNCATE of
-- what it is derived from (which fires no row trigger above), and after the benchmark's bulk load.
CREATE OR REPLACE FUNCTION derive_saved_listing() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE saved_listing;
    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
    SELECT s.user_id, a.country_code, s.date_added, s.movie_id
    FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
    ORDER BY 1, 2, 3 DESC, 4;
END $$;

CREATE OR REPLACE FUNCTION saved_listing_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM derive_saved_listing();
    RETURN NULL;
END $$;

-- users and movies cannot be truncated without saved_movies (their foreign keys), so these two cover them.
CREATE OR REPLACE TRIGGER saved_movies_saved_listing_truncate AFTER TRUNCATE ON saved_movies
    FOR EACH STATEMENT EXECUTE FUNCTION saved_listing_follow_truncate();
CREATE OR REPLACE TRIGGER movie_availability_saved_listing_truncate AFTER TRUNCATE ON movie_availability
    FOR EACH STATEMENT EXECUTE FUNCTION saved_listing_follow_truncate();

-- Last: replacing the triggers above locked writes to the tables read here out until this transaction commits.
SELECT derive_saved_listing();
