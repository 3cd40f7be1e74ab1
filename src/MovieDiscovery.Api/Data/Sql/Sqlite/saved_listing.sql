-- saved_listing: each (save, availability) pair as one row, so a saved list in a country is one ordered index
-- range, derived from saved_movies and movie_availability (docs/schema.md). A repeatable script: applied after
-- the versioned migrations whenever its checksum changes, in one transaction: its triggers are dropped first and
-- created last, so that the table is derived again in between without them, and no row derived by an earlier
-- definition survives a change to it (docs/decisions/0030-repeatable-sql-scripts.md).

DROP TRIGGER IF EXISTS saved_movies_saved_listing_insert;
DROP TRIGGER IF EXISTS saved_movies_saved_listing_delete;
DROP TRIGGER IF EXISTS saved_movies_saved_listing_update;
DROP TRIGGER IF EXISTS movie_availability_saved_listing_insert;
DROP TRIGGER IF EXISTS movie_availability_saved_listing_delete;
DROP TRIGGER IF EXISTS movie_availability_saved_listing_update;

DELETE FROM saved_listing;
INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
SELECT s.user_id, a.country_code, s.date_added, s.movie_id
FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id;

-- Each pair is added and taken away with either side in the same transaction (SQLite has one writer at a time,
-- so no race to guard).
CREATE TRIGGER saved_movies_saved_listing_insert AFTER INSERT ON saved_movies BEGIN
    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
    SELECT NEW.user_id, a.country_code, NEW.date_added, NEW.movie_id FROM movie_availability a WHERE a.movie_id = NEW.movie_id;
END;
CREATE TRIGGER saved_movies_saved_listing_delete AFTER DELETE ON saved_movies BEGIN
    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND user_id = OLD.user_id;
END;
CREATE TRIGGER saved_movies_saved_listing_update AFTER UPDATE OF user_id, movie_id, date_added ON saved_movies BEGIN
    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND user_id = OLD.user_id;
    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
    SELECT NEW.user_id, a.country_code, NEW.date_added, NEW.movie_id FROM movie_availability a WHERE a.movie_id = NEW.movie_id;
END;
CREATE TRIGGER movie_availability_saved_listing_insert AFTER INSERT ON movie_availability BEGIN
    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
    SELECT s.user_id, NEW.country_code, s.date_added, s.movie_id FROM saved_movies s WHERE s.movie_id = NEW.movie_id;
END;
CREATE TRIGGER movie_availability_saved_listing_delete AFTER DELETE ON movie_availability BEGIN
    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code;
END;
-- A new window's bounds (available_from, available_until) change no row here.
CREATE TRIGGER movie_availability_saved_listing_update AFTER UPDATE OF movie_id, country_code ON movie_availability BEGIN
    DELETE FROM saved_listing WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code;
    INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
    SELECT s.user_id, NEW.country_code, s.date_added, s.movie_id FROM saved_movies s WHERE s.movie_id = NEW.movie_id;
END;
