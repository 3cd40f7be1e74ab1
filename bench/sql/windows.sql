-- Availability windows of the benchmark dataset, relative to the availability clock's now. Re-runnable on a loaded
-- dataset without reloading it: bench/cluster.sh load runs it after every load, bench/run.sh before every run
-- (windows written days ago have moved towards their end), `bench/cluster.sh windows` by hand.
--
-- Every (movie, country) pair of the dataset keeps one window; a hash of the pair (the same on every run) gives its
-- kind, and the bounds are whole hours counted from the hour of now:
--   8%  leaving:  since always, until 1..2159 hours after that hour (ends within the next 90 days)
--   8%  arrived:  from 0..2159 hours before that hour (started within the last 90 days), open-ended
--   3%  upcoming: from 1..2159 hours after that hour, open-ended (not available now)
--   the rest:     since always, open-ended
-- Whole hours keep every other minute free of boundaries, so the boundary phase (bench/windows.sh) is the only change
-- in its minutes.
--
-- The windows are rewritten with the triggers off (session_replication_role = replica: rewriting the bounds of a
-- million windows through them would refresh the listing of every movie), then movie_availability follows the API's
-- rule at the clock's now in two steps: the bounds of pairs that stay available are copied (no derived table reads
-- them), and the pairs that become available or stop being so go through apply_availability() with the triggers on,
-- so the listing, search and saved tables follow them as they follow the clock. Run it with the API stopped or idle:
-- it holds the writers' lock, so the clock waits for it.
\set ON_ERROR_STOP on
SET work_mem = '512MB';
SET maintenance_work_mem = '1GB';
\ir lib/helpers.sql

-- A pair's draws: the kind (stream 81) and the hour offset (stream 82), from the movie and the country code.
CREATE FUNCTION pg_temp.pair_key(movie_id integer, country_code character(2)) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT movie_id::bigint * 1024 + (ascii(substr(country_code, 1, 1)) - 65) * 26 + ascii(substr(country_code, 2, 1)) - 65 $$;

SELECT clock_timestamp() AS t0 \gset
-- The clock to the present first (applying what it passed since the API last ran it), so now is now.
SELECT advance_availability_clock() AS n \gset
\echo '   clock advanced; pairs it applied:' :n
BEGIN;
SELECT lock_availability_for_write() \g /dev/null
SELECT applied_until AS now, date_trunc('hour', applied_until) AS hour FROM availability_clock WHERE id = 1 \gset
\echo '   windows relative to' :now
SET LOCAL session_replication_role = replica;

-- A pair that has more than one window (written by the admin route or an import) keeps its first.
DELETE FROM availability_windows w
USING availability_windows o
WHERE o.movie_id = w.movie_id AND o.country_code = w.country_code AND o.id < w.id;

-- A fresh load writes movie_availability only: each of its pairs gets a window.
INSERT INTO availability_windows (movie_id, country_code)
SELECT a.movie_id, a.country_code FROM movie_availability a
WHERE NOT EXISTS (SELECT 1 FROM availability_windows w WHERE w.movie_id = a.movie_id AND w.country_code = a.country_code)
ORDER BY 1, 2;
\set n :ROW_COUNT
\echo '   windows added for pairs without one:' :n

CREATE TEMP TABLE wanted ON COMMIT DROP AS
SELECT id,
       CASE WHEN kind >= 0.08 AND kind < 0.16 THEN :'hour'::timestamptz - make_interval(hours => floor(hours * 2160)::integer)
            WHEN kind >= 0.16 AND kind < 0.19 THEN :'hour'::timestamptz + make_interval(hours => 1 + floor(hours * 2159)::integer)
       END AS available_from,
       CASE WHEN kind < 0.08 THEN :'hour'::timestamptz + make_interval(hours => 1 + floor(hours * 2159)::integer) END AS available_until
FROM (SELECT id, pg_temp.u(pg_temp.pair_key(movie_id, country_code), 81) AS kind,
             pg_temp.u(pg_temp.pair_key(movie_id, country_code), 82) AS hours
      FROM availability_windows) w;

UPDATE availability_windows w SET available_from = t.available_from, available_until = t.available_until
FROM wanted t
WHERE w.id = t.id AND (w.available_from, w.available_until) IS DISTINCT FROM (t.available_from, t.available_until);
\set n :ROW_COUNT
\echo '   windows with new bounds:' :n

-- Pairs that stay available: their current window's bounds.
UPDATE movie_availability a SET available_from = w.available_from, available_until = w.available_until
FROM availability_windows w
WHERE w.movie_id = a.movie_id AND w.country_code = a.country_code
  AND (w.available_from IS NULL OR w.available_from <= :'now') AND (w.available_until IS NULL OR w.available_until > :'now')
  AND (a.available_from, a.available_until) IS DISTINCT FROM (w.available_from, w.available_until);
\set n :ROW_COUNT
\echo '   available pairs with new bounds:' :n

-- Pairs that become available or stop being so: as the clock would apply them.
CREATE TEMP TABLE moved ON COMMIT DROP AS
SELECT a.movie_id, a.country_code FROM movie_availability a
WHERE NOT EXISTS (SELECT 1 FROM availability_windows w
                  WHERE w.movie_id = a.movie_id AND w.country_code = a.country_code
                    AND (w.available_from IS NULL OR w.available_from <= :'now') AND (w.available_until IS NULL OR w.available_until > :'now'))
UNION ALL
SELECT w.movie_id, w.country_code FROM availability_windows w
WHERE (w.available_from IS NULL OR w.available_from <= :'now') AND (w.available_until IS NULL OR w.available_until > :'now')
  AND NOT EXISTS (SELECT 1 FROM movie_availability a WHERE a.movie_id = w.movie_id AND a.country_code = w.country_code);
SELECT count(*) AS n FROM moved \gset
\echo '   pairs entering or leaving availability:' :n
SET LOCAL session_replication_role = origin;
SELECT apply_availability(array_agg(movie_id ORDER BY movie_id, country_code), array_agg(country_code ORDER BY movie_id, country_code))
FROM moved HAVING count(*) > 0 \g /dev/null
-- The triggers that were off include the one that empties the API's response caches.
SELECT pg_notify('catalogue_changed', '') \g /dev/null
COMMIT;

ANALYZE availability_windows;
ANALYZE movie_availability;

\pset tuples_only on
\pset format unaligned
SELECT format('   %s windows; current: %s, ending within 90 days %s%%, started within 90 days %s%%; upcoming within 90 days (not available now): %s%% of pairs; %s s',
              count(*), count(*) FILTER (WHERE cur),
              round(100.0 * count(*) FILTER (WHERE cur AND available_until <= :'now'::timestamptz + interval '90 days') / count(*) FILTER (WHERE cur), 1),
              round(100.0 * count(*) FILTER (WHERE cur AND available_from > :'now'::timestamptz - interval '90 days') / count(*) FILTER (WHERE cur), 1),
              round(100.0 * count(*) FILTER (WHERE available_from > :'now' AND available_from <= :'now'::timestamptz + interval '90 days') / count(*), 1),
              round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 1))
FROM (SELECT available_from, available_until,
             (available_from IS NULL OR available_from <= :'now') AND (available_until IS NULL OR available_until > :'now') AS cur
      FROM availability_windows) w;
CREATE TEMP VIEW current_windows AS
SELECT movie_id, country_code, available_from, available_until FROM availability_windows
WHERE (available_from IS NULL OR available_from <= :'now') AND (available_until IS NULL OR available_until > :'now');
SELECT format('   movie_availability: %s pairs, %s not as the windows say', (SELECT count(*) FROM movie_availability),
              (SELECT count(*) FROM (SELECT movie_id, country_code, available_from, available_until FROM movie_availability
                                     EXCEPT ALL SELECT * FROM current_windows) d)
              + (SELECT count(*) FROM (SELECT * FROM current_windows
                                       EXCEPT ALL SELECT movie_id, country_code, available_from, available_until FROM movie_availability) d));
