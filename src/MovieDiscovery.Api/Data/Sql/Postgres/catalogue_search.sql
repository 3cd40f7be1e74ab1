-- movie_search: what the discovery filters of GET /v1/movies read (genres, years, title words), derived from movies,
-- movie_availability and movie_genres (docs/schema.md, docs/decisions/0080-discovery-filters-from-one-index.md).
-- A repeatable script: applied after the versioned migrations whenever its checksum changes, in one transaction,
-- and it ends by deriving the table again, so no row derived by an earlier definition survives a change to it
-- (docs/decisions/0030-repeatable-sql-scripts.md).

-- A title (or a search query) as title search compares it: its words, runs of letters and digits, in lower case
-- without accents (unaccent also spells out æ, ø, ß, ł and the like), one space between them and one at each end:
-- 'Léon: The Professional' is ' leon the professional ', and a query word w starts a title word where the title's
-- form contains ' ' || w. The ICU collation makes lower() and [[:alnum:]] follow Unicode whatever the database's
-- locale (under "C" both stop at ASCII); ICU lower-cases a final sigma to ς, which is folded to σ, so that Greek words
-- match whatever their position. The body is parsed when the function is created, so it does not depend on the
-- search_path of its callers. TitleWords.cs does the same for SQLite; SearchTableSpec checks that the two agree.
CREATE OR REPLACE FUNCTION title_words(title text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE STRICT
RETURN ' ' || btrim(regexp_replace(translate(lower(unaccent('unaccent'::regdictionary, title) COLLATE "und-x-icu"), 'ς', 'σ'),
    '[^[:alnum:]]+', ' ', 'g')) || ' ';

-- What movie_search should hold: one row per movie and country it is available in. Genres 1-63 are bits of
-- genre_mask (bit g - 1), which the filters test in a few instructions per row; a genre above 63 sets the sign bit
-- and is listed in other_genre_ids, which the filters then read too. Read whole by the derivation, and for a few
-- movies (movie_id = ANY (...), pushed into the view) by the refresh.
CREATE OR REPLACE VIEW movie_search_source AS
SELECT a.country_code, m.year, m.id AS movie_id, g.genre_mask, g.other_genre_ids, title_words(m.title) AS title_words
FROM movies m
JOIN movie_availability a ON a.movie_id = m.id
CROSS JOIN LATERAL (
    SELECT coalesce(bit_or(CASE WHEN mg.genre_id <= 63 THEN 1::bigint << (mg.genre_id - 1) ELSE 1::bigint << 63 END), 0) AS genre_mask,
           array_agg(mg.genre_id ORDER BY mg.genre_id) FILTER (WHERE mg.genre_id > 63) AS other_genre_ids
    FROM movie_genres mg
    WHERE mg.movie_id = m.id) g;

-- The table follows the catalogue statement by statement, as movie_listing does (catalogue_listing.sql): after each
-- statement that changes availability, genre links, years or titles, one refresh covers every (movie, country) pair
-- the statement touched (a change of genres, year or title touches every country of the movie). It locks those
-- movies in id order (as the listing's refresh does, so the two cannot deadlock), removes the rows of pairs no longer
-- available, and inserts or updates only the rows that differ. Planned once, like the listing's refresh.
CREATE OR REPLACE FUNCTION refresh_search_of_pairs(p_movie_ids integer[], p_country_codes character(2)[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM movie_search s
    USING (SELECT DISTINCT p.movie_id, p.country_code FROM unnest(p_movie_ids, p_country_codes) AS p(movie_id, country_code)) p
    WHERE s.movie_id = p.movie_id AND s.country_code = p.country_code
      AND NOT EXISTS (SELECT 1 FROM movie_availability a WHERE a.movie_id = s.movie_id AND a.country_code = s.country_code);
    INSERT INTO movie_search AS s (country_code, year, movie_id, genre_mask, other_genre_ids, title_words)
    SELECT w.country_code, w.year, w.movie_id, w.genre_mask, w.other_genre_ids, w.title_words
    FROM movie_search_source w
    WHERE w.movie_id = ANY (p_movie_ids)
      AND (w.movie_id, w.country_code) IN (SELECT p.movie_id, p.country_code FROM unnest(p_movie_ids, p_country_codes) AS p(movie_id, country_code))
    ORDER BY w.movie_id, w.country_code
    ON CONFLICT (movie_id, country_code) DO UPDATE
    SET year = EXCLUDED.year, genre_mask = EXCLUDED.genre_mask, other_genre_ids = EXCLUDED.other_genre_ids,
        title_words = EXCLUDED.title_words
    WHERE (s.year, s.genre_mask, s.other_genre_ids, s.title_words)
        IS DISTINCT FROM (EXCLUDED.year, EXCLUDED.genre_mask, EXCLUDED.other_genre_ids, EXCLUDED.title_words);
END $$;

-- Every country of the given movies: those they are available in and those they have rows for (after a change of
-- their genres, years or titles, which concerns all their countries).
CREATE OR REPLACE FUNCTION refresh_movie_search(p_movie_ids integer[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    SELECT array_agg(p.movie_id), array_agg(p.country_code) INTO v_movie_ids, v_country_codes
    FROM (SELECT a.movie_id, a.country_code FROM movie_availability a WHERE a.movie_id = ANY (p_movie_ids)
          UNION
          SELECT s.movie_id, s.country_code FROM movie_search s WHERE s.movie_id = ANY (p_movie_ids)) p;
    IF v_movie_ids IS NOT NULL THEN
        PERFORM refresh_search_of_pairs(v_movie_ids, v_country_codes);
    END IF;
END $$;

-- After a statement on movie_availability, only the (movie, country) pairs it added or removed: new bounds of a
-- current window change no row of movie_search.
CREATE OR REPLACE FUNCTION movie_search_follow_availability() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes FROM new_links;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes FROM old_links;
    ELSE
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
        FROM ((SELECT movie_id, country_code FROM old_links EXCEPT SELECT movie_id, country_code FROM new_links)
              UNION
              (SELECT movie_id, country_code FROM new_links EXCEPT SELECT movie_id, country_code FROM old_links)) p;
    END IF;
    IF v_movie_ids IS NOT NULL THEN
        PERFORM refresh_search_of_pairs(v_movie_ids, v_country_codes);
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables fires on one event only, so each table has one per event.
CREATE OR REPLACE FUNCTION movie_search_follow_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_movie_search(ARRAY(SELECT DISTINCT movie_id FROM new_links));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_movie_search(ARRAY(SELECT DISTINCT movie_id FROM old_links));
    ELSE
        PERFORM refresh_movie_search(ARRAY(SELECT movie_id FROM old_links UNION SELECT movie_id FROM new_links));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER movie_availability_search_insert AFTER INSERT ON movie_availability
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_availability();
CREATE OR REPLACE TRIGGER movie_availability_search_delete AFTER DELETE ON movie_availability
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_availability();
CREATE OR REPLACE TRIGGER movie_availability_search_update AFTER UPDATE ON movie_availability
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_availability();
CREATE OR REPLACE TRIGGER movie_genres_search_insert AFTER INSERT ON movie_genres
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_links();
CREATE OR REPLACE TRIGGER movie_genres_search_delete AFTER DELETE ON movie_genres
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_links();
CREATE OR REPLACE TRIGGER movie_genres_search_update AFTER UPDATE ON movie_genres
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_links();

-- Transition tables cannot be limited to columns (UPDATE OF year, title): every update is looked at.
CREATE OR REPLACE FUNCTION movie_search_follow_movies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_movie_search(ARRAY(
        SELECT n.id FROM new_movies n JOIN old_movies o ON o.id = n.id
        WHERE n.year IS DISTINCT FROM o.year OR n.title IS DISTINCT FROM o.title));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER movies_search AFTER UPDATE ON movies
    REFERENCING OLD TABLE AS old_movies NEW TABLE AS new_movies FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_movies();

-- The table from scratch, in index order: after a change to this file, after a TRUNCATE of what it is derived from
-- (which fires no row or statement trigger above), and after the benchmark's bulk load.
CREATE OR REPLACE FUNCTION derive_movie_search() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE movie_search;
    INSERT INTO movie_search (country_code, year, movie_id, genre_mask, other_genre_ids, title_words)
    SELECT country_code, year, movie_id, genre_mask, other_genre_ids, title_words
    FROM movie_search_source
    ORDER BY country_code, year DESC, movie_id;
END $$;

CREATE OR REPLACE FUNCTION movie_search_follow_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM derive_movie_search();
    RETURN NULL;
END $$;

-- movies cannot be truncated without movie_availability (its foreign keys), so these two cover it.
CREATE OR REPLACE TRIGGER movie_availability_search_truncate AFTER TRUNCATE ON movie_availability
    FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_truncate();
CREATE OR REPLACE TRIGGER movie_genres_search_truncate AFTER TRUNCATE ON movie_genres
    FOR EACH STATEMENT EXECUTE FUNCTION movie_search_follow_truncate();

-- Last: replacing the triggers above locked writes to the tables read here out until this transaction commits.
SELECT derive_movie_search();
