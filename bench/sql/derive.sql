-- Derived data refreshed after every load (bench/cluster.sh load / derive). Re-runnable.
--
-- movie_listing, listing_counts, saved_counts and saved_listing are what the API's triggers keep current row by row;
-- after a bulk load they are rebuilt in bulk instead (triggers off, indexes built once at the end).
\set ON_ERROR_STOP on
\timing on
SET session_replication_role = replica;
SET work_mem = '512MB';
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;

BEGIN;
TRUNCATE movie_listing, listing_counts;
ALTER TABLE movie_listing DROP CONSTRAINT IF EXISTS pk_movie_listing;
DROP INDEX IF EXISTS ix_movie_listing_year_desc;
DROP INDEX IF EXISTS ix_movie_listing_movie_id;

INSERT INTO movie_listing (country_code, genre_id, year, movie_id)
SELECT a.country_code, 0, m.year, m.id
FROM movie_availability a JOIN movies m ON m.id = a.movie_id
UNION ALL
SELECT a.country_code, g.genre_id, m.year, m.id
FROM movie_availability a JOIN movie_genres g ON g.movie_id = a.movie_id JOIN movies m ON m.id = a.movie_id
ORDER BY 1, 2, 3, 4;

INSERT INTO listing_counts (country_code, genre_id, movie_count)
SELECT country_code, genre_id, count(*) FROM movie_listing GROUP BY country_code, genre_id;

ALTER TABLE movie_listing ADD CONSTRAINT pk_movie_listing PRIMARY KEY (country_code, genre_id, year, movie_id);
CREATE INDEX ix_movie_listing_year_desc ON movie_listing (country_code, genre_id, year DESC, movie_id);
CREATE INDEX ix_movie_listing_movie_id ON movie_listing (movie_id);
COMMIT;

SELECT count(*) AS listing_rows FROM movie_listing;

-- Saved-list totals per (user, country): the saves joined to availability, counted once here (the
-- generator loads with triggers off, so saved_movies' and movie_availability's triggers never ran).
BEGIN;
TRUNCATE saved_counts;
INSERT INTO saved_counts (user_id, country_code, movie_count)
SELECT s.user_id, a.country_code, count(*)
FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
GROUP BY s.user_id, a.country_code
ORDER BY 1, 2;
COMMIT;

SELECT count(*) AS saved_count_rows FROM saved_counts;

-- The saved lists' rows: each save once per country its movie is available in, in index order, the index
-- built once at the end.
BEGIN;
TRUNCATE saved_listing;
ALTER TABLE saved_listing DROP CONSTRAINT IF EXISTS pk_saved_listing;
DROP INDEX IF EXISTS ix_saved_listing_user_id_country_code_date_added_movie_id;
INSERT INTO saved_listing (user_id, country_code, date_added, movie_id)
SELECT s.user_id, a.country_code, s.date_added, s.movie_id
FROM saved_movies s JOIN movie_availability a ON a.movie_id = s.movie_id
ORDER BY 1, 2, 3 DESC, 4;
ALTER TABLE saved_listing ADD CONSTRAINT pk_saved_listing PRIMARY KEY (movie_id, country_code, user_id);
CREATE INDEX ix_saved_listing_user_id_country_code_date_added_movie_id ON saved_listing (user_id, country_code, date_added DESC, movie_id);
COMMIT;

SELECT count(*) AS saved_listing_rows FROM saved_listing;
