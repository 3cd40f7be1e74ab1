-- GET /v1/movies/{movie_id}: one query, one row: the movie with its genres, cast and countries as arrays
-- (Features/Movies/MovieDetailOnPostgres.cs; the save and a saved movie's detail send it too).
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API sends (read from pg_stat_statements); swap it here when the API changes.
-- Movie: uniform over 1..movies.
\set movie_id random(1, :movies)
SELECT m.title, m.year, m.runtime_minutes, m.overview, g.ids, g.names, c.ids, c.names, a.codes
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
WHERE m.id = :movie_id;
