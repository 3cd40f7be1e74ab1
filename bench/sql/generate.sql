-- Deterministic benchmark dataset, generated inside PostgreSQL.
--
--   psql -v movies=1000000 -v users=100000 -v actors=10000 -v saves=2000000 -f bench/sql/generate.sql
--   (bench/cluster.sh load runs it, then bench/sql/derive.sql and VACUUM ANALYZE)
--
-- Every value comes from pg_temp.u(key, stream), a hash of the row number: no random(), so the same
-- scale gives the same rows on every run (on the same PostgreSQL major version). The schema must exist
-- (the API's migrations). The data tables are truncated and refilled; their keys, indexes and foreign
-- keys are dropped for the load and recreated from the definitions the migrations made, so indexes
-- added by later migrations are kept too. Tables outside this list that reference these tables are
-- truncated as well: bench/sql/derive.sql refills derived data after the load.
--
-- Saved movies: user 1 has 50,000; users 2-10 have 10,000 each; users 11-100 have 1,000 each (heavy users
-- by construction); the other saves fall on users 101..N with a skew (a few hundred at most, ~18 on
-- average, a few with none). Every user's password is 'bench-password' (email user<N>@bench.example).
\set ON_ERROR_STOP on
\pset tuples_only on
\pset format unaligned
\if :{?movies} \else \set movies 1000000 \endif
\if :{?users} \else \set users 100000 \endif
\if :{?actors} \else \set actors 10000 \endif
\if :{?saves} \else \set saves 2000000 \endif
-- ASP.NET Core Identity (V3, PBKDF2-SHA512, 100,000 iterations) hash of 'bench-password', one salt for all.
\set password_hash 'AQAAAAIAAYagAAAAEDiaLN+dUNGG8qDeAENZMiYJU1hZ8CVa4juNnN/OJeGwuVo2dVS418XwE+IMSIaFbQ=='

SELECT format('generating: %s movies, %s users, %s actors, %s saved movies', :movies, :users, :actors, :saves);
SET work_mem = '512MB';
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;
-- The catalogue triggers (listing and counts) would fire per row, and their TRUNCATE triggers would derive everything
-- again after each table; derive.sql derives what they keep once, after the load.
SET session_replication_role = replica;
\ir lib/helpers.sql
SELECT pg_temp.fail('scale too small: need users >= 200 and movies >= 1000') WHERE :users < 200 OR :movies < 1000;

CREATE TEMP TABLE genre_def (id integer PRIMARY KEY, name text NOT NULL, weight integer NOT NULL);
INSERT INTO genre_def VALUES
  (1, 'Drama', 18), (2, 'Comedy', 14), (3, 'Thriller', 8), (4, 'Action', 8), (5, 'Romance', 7),
  (6, 'Documentary', 6), (7, 'Horror', 6), (8, 'Crime', 5), (9, 'Adventure', 4), (10, 'Science Fiction', 3),
  (11, 'Family', 3), (12, 'Mystery', 3), (13, 'Animation', 3), (14, 'Fantasy', 3), (15, 'Biography', 2),
  (16, 'History', 2), (17, 'Music', 2), (18, 'War', 1), (19, 'Western', 1), (20, 'Sport', 1);
-- 100 slots, each genre as many times as its weight: a draw in [0, 1) picks one.
SELECT array_agg(g.id ORDER BY g.id)::text AS genre_slots FROM genre_def g, generate_series(1, g.weight) \gset

-- share: the chance that a movie is available there, before the movie's own reach (x0.5..x1.5).
CREATE TEMP TABLE country_def (idx integer PRIMARY KEY, code char(2) NOT NULL, name text NOT NULL, share double precision NOT NULL);
INSERT INTO country_def VALUES
  (1, 'US', 'United States', 0.60), (2, 'GB', 'United Kingdom', 0.52), (3, 'CA', 'Canada', 0.50),
  (4, 'DE', 'Germany', 0.45), (5, 'FR', 'France', 0.42), (6, 'AU', 'Australia', 0.40),
  (7, 'JP', 'Japan', 0.38), (8, 'BR', 'Brazil', 0.36), (9, 'IN', 'India', 0.35),
  (10, 'ES', 'Spain', 0.34), (11, 'IT', 'Italy', 0.32), (12, 'MX', 'Mexico', 0.31),
  (13, 'NL', 'Netherlands', 0.30), (14, 'SE', 'Sweden', 0.28), (15, 'KR', 'Korea, Republic of', 0.27),
  (16, 'PL', 'Poland', 0.26), (17, 'AR', 'Argentina', 0.24), (18, 'NO', 'Norway', 0.22),
  (19, 'DK', 'Denmark', 0.20), (20, 'BE', 'Belgium', 0.19), (21, 'FI', 'Finland', 0.17),
  (22, 'IE', 'Ireland', 0.15), (23, 'AT', 'Austria', 0.14), (24, 'CH', 'Switzerland', 0.12),
  (25, 'PT', 'Portugal', 0.11), (26, 'NZ', 'New Zealand', 0.09), (27, 'ZA', 'South Africa', 0.07),
  (28, 'SG', 'Singapore', 0.05), (29, 'TR', 'Türkiye', 0.04), (30, 'IS', 'Iceland', 0.02);

-- ---------------------------------------------------------------------------------------------------
\echo '== dropping keys, indexes and foreign keys of the data tables'
CREATE SCHEMA IF NOT EXISTS bench_load;
-- Kept until the end, so a failed run can be re-run and still restores what the migrations made.
CREATE TABLE IF NOT EXISTS bench_load.ddl (
  seq serial PRIMARY KEY, phase integer NOT NULL, name text NOT NULL, drop_sql text NOT NULL, create_sql text NOT NULL);
CREATE TABLE IF NOT EXISTS bench_load.dependents (tbl text PRIMARY KEY);

CREATE TEMP TABLE data_tables AS
SELECT unnest(ARRAY['movies', 'genres', 'movie_genres', 'actors', '"cast"', 'countries',
                    'movie_availability', 'users', 'saved_movies']::regclass[]) AS rel;

INSERT INTO bench_load.ddl (phase, name, drop_sql, create_sql)
SELECT CASE c.contype WHEN 'f' THEN 3 ELSE 1 END, c.conname,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.contype IN ('p', 'u', 'f')
  AND (c.conrelid IN (SELECT rel FROM data_tables) OR (c.contype = 'f' AND c.confrelid IN (SELECT rel FROM data_tables)))
  AND NOT EXISTS (SELECT 1 FROM bench_load.ddl)
UNION ALL
SELECT 2, i.indexrelid::regclass::text,
       format('DROP INDEX %s', i.indexrelid::regclass),
       pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid IN (SELECT rel FROM data_tables)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM bench_load.ddl);

INSERT INTO bench_load.dependents
SELECT DISTINCT c.conrelid::regclass::text FROM pg_constraint c
WHERE c.contype = 'f' AND c.confrelid IN (SELECT rel FROM data_tables) AND c.conrelid NOT IN (SELECT rel FROM data_tables)
ON CONFLICT DO NOTHING;

-- Foreign keys first, then keys, then plain indexes; each only if it is still there.
SELECT d.drop_sql FROM bench_load.ddl d
WHERE (d.phase <> 2 AND EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = d.name))
   OR (d.phase = 2 AND to_regclass(d.name) IS NOT NULL)
ORDER BY d.phase DESC, d.seq \gexec
SELECT format('TRUNCATE %s', string_agg(tbl, ', ')) FROM bench_load.dependents HAVING count(*) > 0 \gexec
SELECT format('ALTER TABLE %s SET (autovacuum_enabled = off)', rel) FROM data_tables \gexec
SELECT format('   %s definitions saved in bench_load.ddl', count(*)) FROM bench_load.ddl;

-- ---------------------------------------------------------------------------------------------------
-- Each table is truncated and filled in one transaction: with wal_level = minimal that skips the WAL.
\echo '== loading'

\ir lib/start.sql
BEGIN;
TRUNCATE genres;
INSERT INTO genres (id, name) SELECT id, name FROM genre_def ORDER BY id;
\set n :ROW_COUNT
COMMIT;
\set step genres
\ir lib/done.sql

\ir lib/start.sql
BEGIN;
TRUNCATE countries;
INSERT INTO countries (code, name) SELECT code, name FROM country_def ORDER BY code;
\set n :ROW_COUNT
COMMIT;
\set step countries
\ir lib/done.sql

-- Years 1920-2025, skewed to recent (about half since 2000); titles and overviews from word lists.
\ir lib/start.sql
BEGIN;
TRUNCATE movies;
INSERT INTO movies (id, title, year, runtime_minutes, overview)
SELECT i,
       CASE floor(pg_temp.u(i, 1) * 6)::integer
         WHEN 0 THEN 'The ' || pg_temp.pick(pg_temp.adjectives(), pg_temp.u(i, 2)) || ' ' || pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3))
         WHEN 1 THEN pg_temp.pick(pg_temp.adjectives(), pg_temp.u(i, 2)) || ' ' || pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3))
         WHEN 2 THEN pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3)) || ' of the ' || pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 4))
         WHEN 3 THEN pg_temp.pick(pg_temp.first_names(), pg_temp.u(i, 4)) || '''s ' || pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3))
         WHEN 4 THEN pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3)) || ' in ' || pg_temp.pick(pg_temp.places(), pg_temp.u(i, 4))
         ELSE 'The ' || pg_temp.pick(pg_temp.nouns(), pg_temp.u(i, 3))
       END || CASE WHEN pg_temp.u(i, 5) < 0.08 THEN pg_temp.pick(pg_temp.sequels(), pg_temp.u(i, 6)) ELSE '' END,
       2025 - floor(106 * pg_temp.u(i, 7) ^ 2)::integer,
       CASE WHEN pg_temp.u(i, 8) < 0.03 THEN NULL ELSE 70 + floor(pg_temp.u(i, 9) * 110)::integer END,
       CASE WHEN pg_temp.u(i, 10) < 0.02 THEN NULL
            ELSE format('A %s %s from %s must %s %s.',
                        pg_temp.pick(pg_temp.traits(), pg_temp.u(i, 11)), pg_temp.pick(pg_temp.roles(), pg_temp.u(i, 12)),
                        pg_temp.pick(pg_temp.places(), pg_temp.u(i, 13)), pg_temp.pick(pg_temp.goals(), pg_temp.u(i, 14)),
                        pg_temp.pick(pg_temp.whens(), pg_temp.u(i, 15)))
       END
FROM generate_series(1, :movies) i;
\set n :ROW_COUNT
COMMIT;
\set step movies
\ir lib/done.sql

-- 1-3 genres a movie (45% one, 40% two, 15% three), drawn by genre weight; repeats collapse.
\ir lib/start.sql
BEGIN;
TRUNCATE movie_genres;
INSERT INTO movie_genres (movie_id, genre_id)
SELECT DISTINCT i, (:'genre_slots'::integer[])[1 + floor(pg_temp.u(i::bigint * 4 + k, 22) * 100)::integer]
FROM generate_series(1, :movies) i,
     LATERAL generate_series(0, (pg_temp.u(i, 21) >= 0.45)::integer + (pg_temp.u(i, 21) >= 0.85)::integer) k
ORDER BY 1, 2;
\set n :ROW_COUNT
COMMIT;
\set step movie_genres
\ir lib/done.sql

-- Each (movie, country) pair is available with the country's share times the movie's reach (0.5..1.5).
\ir lib/start.sql
BEGIN;
TRUNCATE movie_availability;
INSERT INTO movie_availability (movie_id, country_code)
SELECT i, c.code
FROM generate_series(1, :movies) i,
     LATERAL (SELECT d.code FROM country_def d
              WHERE pg_temp.u(i::bigint * 64 + d.idx, 32) < d.share * (0.5 + pg_temp.u(i, 31))
              ORDER BY d.code) c;
\set n :ROW_COUNT
COMMIT;
\set step movie_availability
\ir lib/done.sql

\ir lib/start.sql
BEGIN;
TRUNCATE actors;
INSERT INTO actors (id, name)
SELECT i, pg_temp.pick(pg_temp.first_names(), pg_temp.u(i, 41)) || ' ' || pg_temp.pick(pg_temp.last_names(), pg_temp.u(i, 42))
FROM generate_series(1, :actors) i;
\set n :ROW_COUNT
COMMIT;
\set step actors
\ir lib/done.sql

-- 2-4 cast members a movie; low actor ids are the busy ones (the most frequent is in ~0.2% of movies).
\ir lib/start.sql
BEGIN;
TRUNCATE "cast";
INSERT INTO "cast" (movie_id, actor_id, billing)
SELECT movie_id, actor_id, row_number() OVER (PARTITION BY movie_id ORDER BY first_k)
FROM (SELECT i AS movie_id, 1 + floor(:actors * pg_temp.u(i::bigint * 8 + k, 52) ^ 1.5)::integer AS actor_id, min(k) AS first_k
      FROM generate_series(1, :movies) i, LATERAL generate_series(0, 1 + floor(pg_temp.u(i, 51) * 3)::integer) k
      GROUP BY 1, 2) s
ORDER BY movie_id, first_k;
\set n :ROW_COUNT
COMMIT;
\set step cast
\ir lib/done.sql

\ir lib/start.sql
BEGIN;
TRUNCATE users;
INSERT INTO users (id, name, date_of_birth, email, password_hash, role)
SELECT i,
       pg_temp.pick(pg_temp.first_names(), pg_temp.u(i, 61)) || ' ' || pg_temp.pick(pg_temp.last_names(), pg_temp.u(i, 62)),
       date '1950-01-01' + floor(pg_temp.u(i, 63) * 21184)::integer,
       'user' || i || '@bench.example', :'password_hash', 'user'
FROM generate_series(1, :users) i;
\set n :ROW_COUNT
COMMIT;
\set step users
\ir lib/done.sql

-- A user's k-th save is movie 1 + (start + k * stride) mod movies, with a per-user start and a prime
-- stride (coprime to the movie count), so a user's movies never repeat. date_added spreads over
-- 2024-01-01 .. 2025-12-31 (UTC). Rows go in in date order, as real saves would arrive.
\ir lib/start.sql
BEGIN;
TRUNCATE saved_movies;
WITH heavy AS (
  SELECT uid, least(CASE WHEN uid = 1 THEN 50000 WHEN uid <= 10 THEN 10000 ELSE 1000 END, :movies / 2) AS n
  FROM generate_series(1, 100) uid
), light AS (
  SELECT j, 101 + (floor((:users - 100) * pg_temp.u(j, 71) ^ 1.5)::bigint * 1000003) % (:users - 100) AS uid
  FROM generate_series(1, greatest(:saves - (SELECT sum(n) FROM heavy), 0)::bigint) j
), picks AS (
  SELECT uid, k FROM heavy, generate_series(0, n - 1) k
  UNION ALL
  SELECT uid, row_number() OVER (PARTITION BY uid ORDER BY j) - 1 FROM light
)
INSERT INTO saved_movies (user_id, movie_id, date_added)
SELECT uid, movie_id, date_added
FROM (SELECT uid,
             1 + (floor(pg_temp.u(uid, 72) * :movies)::bigint
                  + k * (ARRAY[1000003, 1299709, 15485863, 32452843, 49979687, 67867967, 86028121, 104395301]::bigint[])
                          [1 + floor(pg_temp.u(uid, 73) * 8)::integer]) % :movies AS movie_id,
             to_timestamp(1704067200 + floor(pg_temp.u(uid * 1048576 + k, 74) * 63158400)) AS date_added
      FROM picks) s
ORDER BY date_added, uid, movie_id;
\set n :ROW_COUNT
COMMIT;
\set step saved_movies
\ir lib/done.sql

-- ---------------------------------------------------------------------------------------------------
\echo '== recreating keys, indexes and foreign keys'
CREATE FUNCTION pg_temp.run(label text, statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  EXECUTE statement;
  RETURN format('   %-52s %8s s', label, round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1));
END $$;
SELECT format('SELECT pg_temp.run(%L, %L)', name, create_sql) FROM bench_load.ddl ORDER BY phase, seq \gexec
DROP TABLE bench_load.ddl, bench_load.dependents;
DROP SCHEMA bench_load;
SELECT format('ALTER TABLE %s RESET (autovacuum_enabled)', rel) FROM data_tables \gexec

-- The API inserts later rows with generated ids.
SELECT setval(pg_get_serial_sequence('movies', 'id'), (SELECT max(id) FROM movies)) AS movies_id \gset
SELECT setval(pg_get_serial_sequence('genres', 'id'), (SELECT max(id) FROM genres)) AS genres_id \gset
SELECT setval(pg_get_serial_sequence('actors', 'id'), (SELECT max(id) FROM actors)) AS actors_id \gset
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users)) AS users_id \gset
\echo '   identity sequences advanced past the generated ids'
