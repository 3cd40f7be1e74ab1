-- movie_listing and listing_counts: the catalogue listing and its exact totals, derived from movies,
-- movie_availability and movie_genres (docs/schema.md). A repeatable script: applied after the versioned
-- migrations whenever its checksum changes, in one transaction: its triggers are dropped first and created last,
-- so that both tables are derived again in between without them, and no row derived by an earlier definition
-- survives a change to it (docs/decisions/0030-repeatable-sql-scripts.md).

DROP TRIGGER IF EXISTS movie_listing_counts_insert;
DROP TRIGGER IF EXISTS movie_listing_counts_delete;
DROP TRIGGER IF EXISTS movie_availability_listing_insert;
DROP TRIGGER IF EXISTS movie_availability_listing_delete;
DROP TRIGGER IF EXISTS movie_availability_listing_update;
DROP TRIGGER IF EXISTS movie_genres_listing_insert;
DROP TRIGGER IF EXISTS movie_genres_listing_delete;
DROP TRIGGER IF EXISTS movie_genres_listing_update;
DROP TRIGGER IF EXISTS movies_listing_update;

DELETE FROM movie_listing;
DELETE FROM listing_counts;
INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
SELECT a.country_code, 0, m.year, m.id
FROM movie_availability a JOIN movies m ON m.id = a.movie_id
UNION ALL
SELECT a.country_code, g.genre_id, m.year, m.id
FROM movie_availability a JOIN movie_genres g ON g.movie_id = a.movie_id JOIN movies m ON m.id = a.movie_id;
INSERT INTO listing_counts (country_code, genre_id, movie_count)
SELECT country_code, genre_id, count(*) FROM movie_listing GROUP BY country_code, genre_id;

-- The listing and its counts follow the catalogue row by row, in the same transaction as any change to
-- availability, genres or a movie's year: each changed row replaces all of its movie's listing rows, and each
-- listing row moves its count. SQLite has one writer at a time, so no race to guard, and its catalogue is the
-- demo's, so no statement changes many movies at once.
CREATE TRIGGER movie_listing_counts_insert AFTER INSERT ON movie_listing BEGIN
    INSERT INTO listing_counts (country_code, genre_id, movie_count) VALUES (NEW.country_code, NEW.genre_id, 1)
    ON CONFLICT (country_code, genre_id) DO UPDATE SET movie_count = movie_count + 1;
END;
CREATE TRIGGER movie_listing_counts_delete AFTER DELETE ON movie_listing BEGIN
    UPDATE listing_counts SET movie_count = movie_count - 1
    WHERE country_code = OLD.country_code AND genre_id = OLD.genre_id;
END;
CREATE TRIGGER movie_availability_listing_insert AFTER INSERT ON movie_availability BEGIN
    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
    WHERE m.id = NEW.movie_id;
END;
CREATE TRIGGER movie_availability_listing_delete AFTER DELETE ON movie_availability BEGIN
    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
    WHERE m.id = OLD.movie_id;
END;
-- A new window's bounds (available_from, available_until) change no row here.
CREATE TRIGGER movie_availability_listing_update AFTER UPDATE OF movie_id, country_code ON movie_availability BEGIN
    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
    WHERE m.id = OLD.movie_id;
    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
    WHERE m.id = NEW.movie_id;
END;
CREATE TRIGGER movie_genres_listing_insert AFTER INSERT ON movie_genres BEGIN
    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
    WHERE m.id = NEW.movie_id;
END;
CREATE TRIGGER movie_genres_listing_delete AFTER DELETE ON movie_genres BEGIN
    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
    WHERE m.id = OLD.movie_id;
END;
CREATE TRIGGER movie_genres_listing_update AFTER UPDATE ON movie_genres BEGIN
    DELETE FROM movie_listing WHERE movie_id = OLD.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = OLD.movie_id) g
    WHERE m.id = OLD.movie_id;
    DELETE FROM movie_listing WHERE movie_id = NEW.movie_id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.movie_id) g
    WHERE m.id = NEW.movie_id;
END;
CREATE TRIGGER movies_listing_update AFTER UPDATE OF year ON movies BEGIN
    DELETE FROM movie_listing WHERE movie_id = NEW.id;
    INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
    SELECT a.country_code, g.genre_id, m.year, m.id
    FROM movies m
    JOIN movie_availability a ON a.movie_id = m.id
    JOIN (SELECT 0 AS genre_id UNION ALL SELECT mg.genre_id FROM movie_genres mg WHERE mg.movie_id = NEW.id) g
    WHERE m.id = NEW.id;
END;
