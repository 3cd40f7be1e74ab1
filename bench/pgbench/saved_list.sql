-- GET /v1/users/{user_id}/saved-movies?country=&sort=&page=&page_size=20: the exact total from saved_counts (kept by
-- triggers), then, unless the offset is past it, the page from saved_listing (also kept by triggers) and its movies.
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements); swap it here when the API changes.
-- Country: drawn by traffic weight (per mille: US 250, GB 90, DE 70, BR 70, IN 60, FR 50, JP 50, CA 50, MX 40,
-- ES/IT/AU 30, KR/NL/PL 20, SE..CH 10 each, PT/NZ/ZA/SG/TR/IS 5 each; same table as bench/wrk/common.lua and
-- bench/LoadGen). pgbench variables are numbers only, so the script draws an index into the array literal.
-- User: one request in ten from the heavy users 1-100, the rest uniform over 101..users.
-- Sort date_added | -date_added 50/50; page Zipf(s=1.5) over 1..50.
\set r random(1, 1000)
\set ci CASE WHEN :r <= 250 THEN 1 WHEN :r <= 340 THEN 2 WHEN :r <= 410 THEN 3 WHEN :r <= 480 THEN 4 WHEN :r <= 540 THEN 5 WHEN :r <= 590 THEN 6 WHEN :r <= 640 THEN 7 WHEN :r <= 690 THEN 8 WHEN :r <= 730 THEN 9 WHEN :r <= 760 THEN 10 WHEN :r <= 790 THEN 11 WHEN :r <= 820 THEN 12 WHEN :r <= 840 THEN 13 WHEN :r <= 860 THEN 14 WHEN :r <= 880 THEN 15 WHEN :r <= 970 THEN 16 + (:r - 881) / 10 ELSE 25 + (:r - 971) / 5 END
\set uid CASE WHEN random(1, 10) = 1 THEN random(1, 100) ELSE random(101, :users) END
\set asc random(0, 1)
\set page_size 20
\set offset (random_zipfian(1, 50, 1.5) - 1) * :page_size
SELECT COALESCE(sum(s.movie_count), 0)::int AS movie_count
FROM saved_counts AS s
WHERE s.user_id = :uid AND s.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci] \gset
\if :offset < :movie_count
\if :asc
SELECT m.id, m.title, m.year, s0.date_added
FROM (
    SELECT s.movie_id, s.date_added
    FROM saved_listing AS s
    WHERE s.user_id = :uid AND s.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]
    ORDER BY s.date_added, s.movie_id
    LIMIT :page_size OFFSET :offset
) AS s0
INNER JOIN movies AS m ON s0.movie_id = m.id
ORDER BY s0.date_added, s0.movie_id;
\else
SELECT m.id, m.title, m.year, s0.date_added
FROM (
    SELECT s.movie_id, s.date_added
    FROM saved_listing AS s
    WHERE s.user_id = :uid AND s.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]
    ORDER BY s.date_added DESC, s.movie_id
    LIMIT :page_size OFFSET :offset
) AS s0
INNER JOIN movies AS m ON s0.movie_id = m.id
ORDER BY s0.date_added DESC, s0.movie_id;
\endif
\endif
