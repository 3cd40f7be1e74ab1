-- POST /v1/users/{user_id}/saved-movies {"movie_id": N, "country": "XX"}: one statement
-- (Features/SavedMovies/SaveMovieOnPostgres.cs): the existence and availability check, the insert (ON CONFLICT
-- DO NOTHING: the primary key decides duplicates) and, when it inserted, the movie detail.
-- Saves accumulate: bench/sql/reset_saves.sql removes them.
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements); swap it here when the API changes.
-- Country: drawn by traffic weight (per mille: US 250, GB 90, DE 70, BR 70, IN 60, FR 50, JP 50, CA 50, MX 40,
-- ES/IT/AU 30, KR/NL/PL 20, SE..CH 10 each, PT/NZ/ZA/SG/TR/IS 5 each; same table as bench/wrk/common.lua and
-- bench/LoadGen). pgbench variables are numbers only, so the script draws an index into the array literal.
-- User: one request in ten from the heavy users 1-100, the rest uniform over 101..users.
-- Movie: uniform over 1..movies.
\set r random(1, 1000)
\set ci CASE WHEN :r <= 250 THEN 1 WHEN :r <= 340 THEN 2 WHEN :r <= 410 THEN 3 WHEN :r <= 480 THEN 4 WHEN :r <= 540 THEN 5 WHEN :r <= 590 THEN 6 WHEN :r <= 640 THEN 7 WHEN :r <= 690 THEN 8 WHEN :r <= 730 THEN 9 WHEN :r <= 760 THEN 10 WHEN :r <= 790 THEN 11 WHEN :r <= 820 THEN 12 WHEN :r <= 840 THEN 13 WHEN :r <= 860 THEN 14 WHEN :r <= 880 THEN 15 WHEN :r <= 970 THEN 16 + (:r - 881) / 10 ELSE 25 + (:r - 971) / 5 END
\set uid CASE WHEN random(1, 10) = 1 THEN random(1, 100) ELSE random(101, :users) END
\set movie_id random(1, :movies)
WITH movie AS (
    SELECT EXISTS (SELECT 1 FROM movie_availability AS a WHERE a.movie_id = m.id AND a.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]) AS available
    FROM movies AS m
    WHERE m.id = :movie_id),
inserted AS (
    INSERT INTO saved_movies (user_id, movie_id, date_added)
    SELECT :uid, :movie_id, now() FROM movie WHERE available
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT (SELECT available FROM movie), EXISTS (SELECT 1 FROM inserted), detail.*
FROM (SELECT 1) AS one
LEFT JOIN (SELECT * FROM (SELECT m.title, m.year, m.runtime_minutes, m.overview,
    g.ids AS genre_ids, g.names AS genre_names, c.ids AS actor_ids, c.names AS actor_names, a.codes AS countries
FROM movies AS m
CROSS JOIN LATERAL (
    SELECT array_agg(g.id ORDER BY g.name, g.id) AS ids, array_agg(g.name ORDER BY g.name, g.id) AS names
    FROM (
        SELECT g.id, g.name FROM movie_genres AS mg JOIN genres AS g ON g.id = mg.genre_id
        WHERE mg.movie_id = m.id ORDER BY g.name, g.id LIMIT 100) AS g) AS g
CROSS JOIN LATERAL (
    SELECT array_agg(c.id ORDER BY c.billing, c.id) AS ids, array_agg(c.name ORDER BY c.billing, c.id) AS names
    FROM (
        SELECT a.id, a.name, c.billing FROM "cast" AS c JOIN actors AS a ON a.id = c.actor_id
        WHERE c.movie_id = m.id ORDER BY c.billing, a.id LIMIT 100) AS c) AS c
CROSS JOIN LATERAL (
    SELECT array_agg(a.country_code::text ORDER BY a.country_code) AS codes
    FROM movie_availability AS a WHERE a.movie_id = m.id) AS a
WHERE m.id = :movie_id) AS d WHERE EXISTS (SELECT 1 FROM inserted)) AS detail ON true;
