-- movie_availability follows the availability windows: per (movie, country) it holds the window that contains the
-- availability clock's now (availability_clock.applied_until), so every rule that says "available" (the listing and
-- its counts, the saved lists, the save) reads one row, and every derived table keeps following movie_availability as
-- it did (docs/schema.md, docs/decisions/0100-availability-windows-applied-by-a-clock.md). A repeatable script:
-- applied after the versioned migrations whenever its checksum changes, in one transaction, and it ends by applying
-- every window again (docs/decisions/0030-repeatable-sql-scripts.md).

-- Writers of windows and the clock take turns on one advisory lock: writers share it (a statement's windows are
-- applied at the clock's now, and the clock's next run must see them), the clock takes it alone. Writers take it
-- first in their transaction, before they lock any movie, so they never wait for the clock while holding a lock
-- the clock needs; the windows' trigger takes it too, for writers that did not. The lock manager queues a writer
-- behind a waiting clock, so a stream of writers cannot hold the clock back for longer than the one in progress.
CREATE OR REPLACE FUNCTION lock_availability_for_write() RETURNS void LANGUAGE sql
RETURN pg_advisory_xact_lock_shared(7461962101554002014);

-- Brings movie_availability to the windows of the given (movie, country) pairs at the clock's now, in one statement:
-- the pairs that left their window are deleted, those whose window changed are updated, those that entered one are
-- inserted (each is one statement for the triggers of movie_availability, with its transition table). The movies are
-- locked in id order first, as the listing's refresh does, so a writer and the clock cannot interleave on a movie,
-- and each reads what the other committed.
CREATE OR REPLACE FUNCTION apply_availability(p_movie_ids integer[], p_country_codes character(2)[]) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_now timestamptz;
BEGIN
    PERFORM 1 FROM movies WHERE id = ANY (p_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    SELECT c.applied_until INTO v_now FROM availability_clock c WHERE c.id = 1;
    WITH pairs AS (
        SELECT DISTINCT p.movie_id, p.country_code FROM unnest(p_movie_ids, p_country_codes) AS p(movie_id, country_code)
    ), wanted AS (
        SELECT w.movie_id, w.country_code, w.available_from, w.available_until
        FROM pairs p
        JOIN availability_windows w ON w.movie_id = p.movie_id AND w.country_code = p.country_code
        WHERE (w.available_from IS NULL OR w.available_from <= v_now) AND (w.available_until IS NULL OR w.available_until > v_now)
    ), removed AS (
        -- The windows themselves, not the CTE wanted: a CTE has no index, so each row would scan all of it.
        DELETE FROM movie_availability a
        USING pairs p
        WHERE a.movie_id = p.movie_id AND a.country_code = p.country_code
          AND NOT EXISTS (
              SELECT 1 FROM availability_windows w
              WHERE w.movie_id = a.movie_id AND w.country_code = a.country_code
                AND (w.available_from IS NULL OR w.available_from <= v_now) AND (w.available_until IS NULL OR w.available_until > v_now))
    ), moved AS (
        UPDATE movie_availability a SET available_from = w.available_from, available_until = w.available_until
        FROM wanted w
        WHERE a.movie_id = w.movie_id AND a.country_code = w.country_code
          AND (a.available_from, a.available_until) IS DISTINCT FROM (w.available_from, w.available_until)
    )
    INSERT INTO movie_availability (movie_id, country_code, available_from, available_until)
    SELECT w.movie_id, w.country_code, w.available_from, w.available_until
    FROM wanted w
    WHERE NOT EXISTS (SELECT 1 FROM movie_availability a WHERE a.movie_id = w.movie_id AND a.country_code = w.country_code)
    ORDER BY w.movie_id, w.country_code;
END $$;

-- After each statement that changes windows: the pairs it touched are checked and applied at once. The movies are
-- locked before the check, so of two transactions writing one pair's windows the second sees the first's (READ
-- COMMITTED: each statement here reads what was committed before it started) and no overlap slips between them.
CREATE OR REPLACE FUNCTION availability_windows_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
    v_overlap record;
BEGIN
    PERFORM lock_availability_for_write();
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
        FROM (SELECT DISTINCT movie_id, country_code FROM new_windows) p;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
        FROM (SELECT DISTINCT movie_id, country_code FROM old_windows) p;
    ELSE
        SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
        FROM (SELECT movie_id, country_code FROM old_windows UNION SELECT movie_id, country_code FROM new_windows) p;
    END IF;
    IF v_movie_ids IS NULL THEN
        RETURN NULL;
    END IF;

    PERFORM 1 FROM movies WHERE id = ANY (v_movie_ids) ORDER BY id FOR NO KEY UPDATE;
    IF TG_OP <> 'DELETE' THEN
        SELECT n.movie_id, n.country_code INTO v_overlap
        FROM new_windows n
        JOIN availability_windows w ON w.movie_id = n.movie_id AND w.country_code = n.country_code AND w.id <> n.id
        WHERE (w.available_from IS NULL OR n.available_until IS NULL OR w.available_from < n.available_until)
          AND (n.available_from IS NULL OR w.available_until IS NULL OR n.available_from < w.available_until)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'availability windows of movie % in % overlap', v_overlap.movie_id, v_overlap.country_code
                USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'availability_windows_no_overlap';
        END IF;
    END IF;

    PERFORM apply_availability(v_movie_ids, v_country_codes);
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER availability_windows_apply_insert AFTER INSERT ON availability_windows
    REFERENCING NEW TABLE AS new_windows FOR EACH STATEMENT EXECUTE FUNCTION availability_windows_apply();
CREATE OR REPLACE TRIGGER availability_windows_apply_delete AFTER DELETE ON availability_windows
    REFERENCING OLD TABLE AS old_windows FOR EACH STATEMENT EXECUTE FUNCTION availability_windows_apply();
CREATE OR REPLACE TRIGGER availability_windows_apply_update AFTER UPDATE ON availability_windows
    REFERENCING OLD TABLE AS old_windows NEW TABLE AS new_windows FOR EACH STATEMENT EXECUTE FUNCTION availability_windows_apply();

-- The clock: every instance calls this a few times a second (Infrastructure/Availability/AvailabilityClock.cs); one
-- at a time does the work (the others find the first lock taken and return NULL at once), after the writers in
-- progress. It moves the clock's now to this instant and applies, in one statement, every pair with a window that
-- started or ended since the last run: so a cluster applies each boundary once, and a boundary passed while no
-- instance ran is applied by the first run after. Returns the number of pairs applied.
CREATE OR REPLACE FUNCTION advance_availability_clock() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    v_from timestamptz;
    v_to timestamptz;
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    IF NOT pg_try_advisory_xact_lock(7461962101554002015) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7461962101554002014);
    SELECT c.applied_until INTO v_from FROM availability_clock c WHERE c.id = 1 FOR UPDATE;
    v_to := clock_timestamp();
    IF v_to <= v_from THEN
        RETURN 0;
    END IF;
    UPDATE availability_clock SET applied_until = v_to WHERE id = 1;
    SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
    FROM (
        SELECT w.movie_id, w.country_code FROM availability_windows w WHERE w.available_from > v_from AND w.available_from <= v_to
        UNION
        SELECT w.movie_id, w.country_code FROM availability_windows w WHERE w.available_until > v_from AND w.available_until <= v_to) p;
    IF v_movie_ids IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM apply_availability(v_movie_ids, v_country_codes);
    RETURN cardinality(v_movie_ids);
END $$;

-- Every pair that has windows, applied again: after a change to this file, and after the benchmark's bulk load. A
-- pair without windows keeps its movie_availability row, if it has one (written by hand, as some tests and the
-- benchmark's operator statements do), until it gets windows.
CREATE OR REPLACE FUNCTION derive_movie_availability() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_movie_ids integer[];
    v_country_codes character(2)[];
BEGIN
    SELECT array_agg(movie_id), array_agg(country_code) INTO v_movie_ids, v_country_codes
    FROM (SELECT DISTINCT movie_id, country_code FROM availability_windows) p;
    IF v_movie_ids IS NOT NULL THEN
        PERFORM apply_availability(v_movie_ids, v_country_codes);
    END IF;
END $$;

SELECT derive_movie_availability();
