-- saved_counts: per (user, country), how many of the user's saved movies are available there, derived from
-- saved_movies and movie_availability (docs/schema.md). A repeatable script: applied after the versioned
-- migrations whenever its checksum changes, in one transaction: its triggers are dropped first and created last,
-- so that the table is derived again in between without them, and no row derived by an earlier definition
-- survives a change to it (docs/decisions/0030-repeatable-sql-scripts.md).

DROP TRIGGER IF EXISTS saved_movies_saved_counts_insert;
DROP TRIGGER IF EXISTS saved_movies_saved_counts_delete;
DROP TRIGGER IF EXISTS saved_movies_saved_counts_update;
DROP TRIGGER IF EXISTS movie_availability_saved_counts_insert;
DROP TRIGGER IF EXISTS movie_availability_saved_counts_delete;
DROP TRIGGER IF EXISTS movie_availability_saved_counts_update;

DELETE FROM saved_counts;
INSERT INTO saved_counts (user_id, country_code, movie_count)
SELECT s.user_id, a.country_code, count(*)
FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
GROUP BY s.user_id, a.country_code;

-- Each (save, availability) pair adds one to its (user, country) count, and removing either side takes it away,
-- in the same transaction (SQLite has one writer at a time, so no race to guard). "WHERE true" lets an upsert
-- follow a SELECT.
CREATE TRIGGER saved_movies_saved_counts_insert AFTER INSERT ON saved_movies BEGIN
    INSERT INTO saved_counts (user_id, country_code, movie_count)
    SELECT NEW.user_id, a.country_code, 1 FROM movie_availability a WHERE a.movie_id = NEW.movie_id AND true
    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
END;
CREATE TRIGGER saved_movies_saved_counts_delete AFTER DELETE ON saved_movies BEGIN
    UPDATE saved_counts SET movie_count = movie_count - 1
    WHERE user_id = OLD.user_id
      AND country_code IN (SELECT a.country_code FROM movie_availability a WHERE a.movie_id = OLD.movie_id);
END;
CREATE TRIGGER saved_movies_saved_counts_update AFTER UPDATE OF user_id, movie_id ON saved_movies BEGIN
    UPDATE saved_counts SET movie_count = movie_count - 1
    WHERE user_id = OLD.user_id
      AND country_code IN (SELECT a.country_code FROM movie_availability a WHERE a.movie_id = OLD.movie_id);
    INSERT INTO saved_counts (user_id, country_code, movie_count)
    SELECT NEW.user_id, a.country_code, 1 FROM movie_availability a WHERE a.movie_id = NEW.movie_id AND true
    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
END;
CREATE TRIGGER movie_availability_saved_counts_insert AFTER INSERT ON movie_availability BEGIN
    INSERT INTO saved_counts (user_id, country_code, movie_count)
    SELECT s.user_id, NEW.country_code, 1 FROM saved_movies s WHERE s.movie_id = NEW.movie_id AND true
    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
END;
CREATE TRIGGER movie_availability_saved_counts_delete AFTER DELETE ON movie_availability BEGIN
    UPDATE saved_counts SET movie_count = movie_count - 1
    WHERE country_code = OLD.country_code
      AND user_id IN (SELECT s.user_id FROM saved_movies s WHERE s.movie_id = OLD.movie_id);
END;
-- A new window's bounds (available_from, available_until) change no row here.
CREATE TRIGGER movie_availability_saved_counts_update AFTER UPDATE OF movie_id, country_code ON movie_availability BEGIN
    UPDATE saved_counts SET movie_count = movie_count - 1
    WHERE country_code = OLD.country_code
      AND user_id IN (SELECT s.user_id FROM saved_movies s WHERE s.movie_id = OLD.movie_id);
    INSERT INTO saved_counts (user_id, country_code, movie_count)
    SELECT s.user_id, NEW.country_code, 1 FROM saved_movies s WHERE s.movie_id = NEW.movie_id AND true
    ON CONFLICT (user_id, country_code) DO UPDATE SET movie_count = movie_count + 1;
END;
