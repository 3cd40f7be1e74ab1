-- Not an endpoint: an operator's single-row catalogue changes of a random movie (an availability added and
-- removed, a year rewritten), each firing the listing and count triggers; rolled back, so the data stays as loaded.
\set m random(1, :movies)
BEGIN;
INSERT INTO movie_availability (movie_id, country_code) VALUES (:m, 'IS') ON CONFLICT DO NOTHING;
DELETE FROM movie_availability WHERE movie_id = :m AND country_code = 'IS';
UPDATE movies SET year = year WHERE id = :m;
ROLLBACK;
