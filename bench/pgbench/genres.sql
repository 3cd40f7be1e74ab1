-- GET /v1/genres (page 1, page_size 20): the COUNT, then the page.
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements); swap it here when the API changes.
SELECT count(*)::int
FROM genres AS g;
SELECT g.id, g.name
FROM genres AS g
ORDER BY g.name, g.id
LIMIT 20 OFFSET 0;
