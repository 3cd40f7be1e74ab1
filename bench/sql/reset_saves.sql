-- Removes the saves that load tests added (every generated save is dated before 2026-01-01).
--   bench/cluster.sh psql -f bench/sql/reset_saves.sql      (then bench/cluster.sh derive if derived data counts saves)
DELETE FROM saved_movies WHERE date_added >= '2026-01-01';
VACUUM ANALYZE saved_movies;
