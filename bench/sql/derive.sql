-- Derived data refreshed after every load (bench/cluster.sh load / derive). Re-runnable.
--
-- movie_listing, listing_counts, movie_search, saved_counts and saved_listing are what the API's triggers keep
-- current. After a bulk load (which runs with the triggers off) they are derived again by the API's own definitions:
-- the repeatable scripts in src/MovieDiscovery.Api/Data/Sql/Postgres, run here as they are (each replaces its
-- functions and triggers and ends by deriving its tables). The three large tables lose their key and indexes for the
-- fill and get them back, as the migrations defined them, once at the end.
\set ON_ERROR_STOP on
\timing on
SET work_mem = '512MB';
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;

BEGIN;
CREATE TEMP TABLE derived_ddl ON COMMIT DROP AS
SELECT 1 AS phase, c.conname::text AS name,
       format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop_sql,
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS create_sql
FROM pg_constraint c
WHERE c.conrelid IN ('movie_listing'::regclass, 'movie_search'::regclass, 'saved_listing'::regclass) AND c.contype IN ('p', 'u')
UNION ALL
SELECT 2, i.indexrelid::regclass::text, format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid IN ('movie_listing'::regclass, 'movie_search'::regclass, 'saved_listing'::regclass)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'));
SELECT drop_sql FROM derived_ddl ORDER BY phase DESC, name \gexec

\ir ../../src/MovieDiscovery.Api/Data/Sql/Postgres/catalogue_listing.sql
\ir ../../src/MovieDiscovery.Api/Data/Sql/Postgres/catalogue_search.sql
\ir ../../src/MovieDiscovery.Api/Data/Sql/Postgres/saved_counts.sql
\ir ../../src/MovieDiscovery.Api/Data/Sql/Postgres/saved_listing.sql

SELECT create_sql FROM derived_ddl ORDER BY phase, name \gexec
COMMIT;

SELECT count(*) AS listing_rows FROM movie_listing;
SELECT count(*) AS search_rows FROM movie_search;
SELECT count(*) AS saved_count_rows FROM saved_counts;
SELECT count(*) AS saved_listing_rows FROM saved_listing;
