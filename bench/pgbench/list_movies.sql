-- GET /v1/movies?country=&genre=&sort=&page=&page_size=20: the COUNT, then the page (the API skips the page
-- query when the offset is past the total, and so does this script).
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements); swap it here when the API changes.
-- Country: drawn by traffic weight (per mille: US 250, GB 90, DE 70, BR 70, IN 60, FR 50, JP 50, CA 50, MX 40,
-- ES/IT/AU 30, KR/NL/PL 20, SE..CH 10 each, PT/NZ/ZA/SG/TR/IS 5 each; same table as bench/wrk/common.lua and
-- bench/LoadGen). pgbench variables are numbers only, so the script draws an index into the array literal.
-- Genre (uniform 1..20) on half the requests; sort year | -year 50/50; page Zipf(s=1.5) over 1..500.
\set r random(1, 1000)
\set ci CASE WHEN :r <= 250 THEN 1 WHEN :r <= 340 THEN 2 WHEN :r <= 410 THEN 3 WHEN :r <= 480 THEN 4 WHEN :r <= 540 THEN 5 WHEN :r <= 590 THEN 6 WHEN :r <= 640 THEN 7 WHEN :r <= 690 THEN 8 WHEN :r <= 730 THEN 9 WHEN :r <= 760 THEN 10 WHEN :r <= 790 THEN 11 WHEN :r <= 820 THEN 12 WHEN :r <= 840 THEN 13 WHEN :r <= 860 THEN 14 WHEN :r <= 880 THEN 15 WHEN :r <= 970 THEN 16 + (:r - 881) / 10 ELSE 25 + (:r - 971) / 5 END
\set use_genre random(0, 1)
\set genre random(1, 20)
\set asc random(0, 1)
\set page_size 20
\set offset (random_zipfian(1, 500, 1.5) - 1) * :page_size
\if :use_genre
SELECT count(*)::int AS total
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]) AND EXISTS (
    SELECT 1
    FROM movie_genres AS m1
    WHERE m.id = m1.movie_id AND m1.genre_id = :genre) \gset
\else
SELECT count(*)::int AS total
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]) \gset
\endif
\if :offset < :total
\if :use_genre
\if :asc
SELECT m.id, m.title, m.year
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]) AND EXISTS (
    SELECT 1
    FROM movie_genres AS m1
    WHERE m.id = m1.movie_id AND m1.genre_id = :genre)
ORDER BY m.year, m.id
LIMIT :page_size OFFSET :offset;
\else
SELECT m.id, m.title, m.year
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci]) AND EXISTS (
    SELECT 1
    FROM movie_genres AS m1
    WHERE m.id = m1.movie_id AND m1.genre_id = :genre)
ORDER BY m.year DESC, m.id
LIMIT :page_size OFFSET :offset;
\endif
\else
\if :asc
SELECT m.id, m.title, m.year
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci])
ORDER BY m.year, m.id
LIMIT :page_size OFFSET :offset;
\else
SELECT m.id, m.title, m.year
FROM movies AS m
WHERE EXISTS (
    SELECT 1
    FROM movie_availability AS m0
    WHERE m.id = m0.movie_id AND m0.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci])
ORDER BY m.year DESC, m.id
LIMIT :page_size OFFSET :offset;
\endif
\endif
\endif
