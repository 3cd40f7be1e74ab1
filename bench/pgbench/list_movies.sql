-- GET /v1/movies?country=&genre=&sort=&page=&page_size=20: the exact total from listing_counts (genre 0 = all
-- genres), then, unless the offset is past it, the page: a deferred join that reads the page's ids in index order
-- from movie_listing (country_code, genre_id, year, movie_id) and only then joins those 20 to movies.
-- Run with bench/pgbench/run.sh (pgbench -M prepared; it passes -D movies=N -D users=N for the loaded scale).
-- The SQL is what the API's EF Core queries send (read from pg_stat_statements; the API's literals, e.g. LIMIT 2
-- of a SingleOrDefault, are written back as literals); swap it here when the API changes. Not sent here: the
-- DISCARD ALL that Npgsql runs when a pooled connection is reused (once per query; it would also drop pgbench's
-- prepared statements).
-- Country: drawn by traffic weight (per mille: US 250, GB 90, DE 70, BR 70, IN 60, FR 50, JP 50, CA 50, MX 40,
-- ES/IT/AU 30, KR/NL/PL 20, SE..CH 10 each, PT/NZ/ZA/SG/TR/IS 5 each; same table as bench/wrk/common.lua and
-- bench/LoadGen). pgbench variables are numbers only, so the script draws an index into the array literal.
-- Genre (uniform 1..20) on half the requests, else 0 (all); sort year | -year 50/50; page Zipf(s=1.5) over 1..500.
\set r random(1, 1000)
\set ci CASE WHEN :r <= 250 THEN 1 WHEN :r <= 340 THEN 2 WHEN :r <= 410 THEN 3 WHEN :r <= 480 THEN 4 WHEN :r <= 540 THEN 5 WHEN :r <= 590 THEN 6 WHEN :r <= 640 THEN 7 WHEN :r <= 690 THEN 8 WHEN :r <= 730 THEN 9 WHEN :r <= 760 THEN 10 WHEN :r <= 790 THEN 11 WHEN :r <= 820 THEN 12 WHEN :r <= 840 THEN 13 WHEN :r <= 860 THEN 14 WHEN :r <= 880 THEN 15 WHEN :r <= 970 THEN 16 + (:r - 881) / 10 ELSE 25 + (:r - 971) / 5 END
\set genre random(0, 1) * random(1, 20)
\set asc random(0, 1)
\set page_size 20
\set offset (random_zipfian(1, 500, 1.5) - 1) * :page_size
SELECT l.movie_count
FROM listing_counts AS l
WHERE l.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci] AND l.genre_id = :genre
LIMIT 2 \gset
\if :offset < :movie_count
\if :asc
SELECT m0.id, m0.title, m0.year
FROM (
    SELECT m.year, m.movie_id
    FROM movie_listing AS m
    WHERE m.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci] AND m.genre_id = :genre
    ORDER BY m.year, m.movie_id
    LIMIT :page_size OFFSET :offset
) AS m1
INNER JOIN movies AS m0 ON m1.movie_id = m0.id
ORDER BY m1.year, m1.movie_id;
\else
SELECT m0.id, m0.title, m0.year
FROM (
    SELECT m.year, m.movie_id
    FROM movie_listing AS m
    WHERE m.country_code = ('{US,GB,DE,BR,IN,FR,JP,CA,MX,ES,IT,AU,KR,NL,PL,SE,AR,NO,DK,BE,FI,IE,AT,CH,PT,NZ,ZA,SG,TR,IS}'::bpchar[])[:ci] AND m.genre_id = :genre
    ORDER BY m.year DESC, m.movie_id
    LIMIT :page_size OFFSET :offset
) AS m1
INNER JOIN movies AS m0 ON m1.movie_id = m0.id
ORDER BY m1.year DESC, m1.movie_id;
\endif
\endif
