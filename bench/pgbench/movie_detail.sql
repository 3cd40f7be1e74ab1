-- GET /v1/movies/{movie_id}: one query for the movie with its genres, cast and countries.
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements); swap it here when the API changes.
-- Movie: uniform over 1..movies.
\set movie_id random(1, :movies)
SELECT m2.id, m2.title, m2.year, m2.runtime_minutes, m2.overview, s.id, s.name, s.movie_id, s.genre_id, s0.id, s0.name, s0.movie_id, s0.actor_id, m1.country_code, m1.movie_id
FROM (
    SELECT m.id, m.title, m.year, m.runtime_minutes, m.overview
    FROM movies AS m
    WHERE m.id = :movie_id
    LIMIT 2
) AS m2
LEFT JOIN (
    SELECT g.id, g.name, m0.movie_id, m0.genre_id
    FROM movie_genres AS m0
    INNER JOIN genres AS g ON m0.genre_id = g.id
) AS s ON m2.id = s.movie_id
LEFT JOIN (
    SELECT a.id, a.name, c.movie_id, c.actor_id, c.billing
    FROM "cast" AS c
    INNER JOIN actors AS a ON c.actor_id = a.id
) AS s0 ON m2.id = s0.movie_id
LEFT JOIN movie_availability AS m1 ON m2.id = m1.movie_id
ORDER BY m2.id, s.name, s.movie_id, s.genre_id, s.id, s0.billing, s0.movie_id, s0.actor_id, s0.id, m1.country_code;
