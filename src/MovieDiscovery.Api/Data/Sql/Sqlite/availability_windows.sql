-- movie_availability follows the availability windows: per (movie, country) it holds the window that contains the
-- availability clock's now (availability_clock.applied_until), so every rule that says "available" reads one row and
-- every derived table keeps following movie_availability as it did (docs/schema.md,
-- docs/decisions/0100-availability-windows-applied-by-a-clock.md). A repeatable script: applied after the versioned
-- migrations whenever its checksum changes, in one transaction: its triggers are dropped first and created last, and
-- every window is applied again in between.
--
-- Timestamps are text as EF Core writes them ('2026-12-01 00:00:00.5'), which sorts as time does.

DROP TRIGGER IF EXISTS availability_windows_no_overlap_insert;
DROP TRIGGER IF EXISTS availability_windows_no_overlap_update;
DROP TRIGGER IF EXISTS availability_windows_apply_insert;
DROP TRIGGER IF EXISTS availability_windows_apply_delete;
DROP TRIGGER IF EXISTS availability_windows_apply_update;

DROP VIEW IF EXISTS availability_windows_now;

-- The windows that contain the clock's now: the one definition of "available now" that the statements below share.
CREATE VIEW availability_windows_now AS
SELECT w.movie_id, w.country_code, w.available_from, w.available_until
FROM availability_windows w, availability_clock c
WHERE c.id = 1
  AND (w.available_from IS NULL OR w.available_from <= c.applied_until)
  AND (w.available_until IS NULL OR w.available_until > c.applied_until);

-- Every pair that has windows, at the clock's now. A pair without windows keeps its row, if it has one (written by
-- hand, as some tests do), until it gets windows.
DELETE FROM movie_availability
WHERE EXISTS (SELECT 1 FROM availability_windows w WHERE w.movie_id = movie_availability.movie_id AND w.country_code = movie_availability.country_code)
  AND NOT EXISTS (
    SELECT 1 FROM availability_windows_now w WHERE w.movie_id = movie_availability.movie_id AND w.country_code = movie_availability.country_code);
INSERT INTO movie_availability (movie_id, country_code, available_from, available_until)
SELECT w.movie_id, w.country_code, w.available_from, w.available_until
FROM availability_windows_now w
WHERE true -- SQLite reads ON after a bare FROM as a join's
ON CONFLICT (movie_id, country_code) DO UPDATE SET available_from = excluded.available_from, available_until = excluded.available_until
WHERE movie_availability.available_from IS NOT excluded.available_from OR movie_availability.available_until IS NOT excluded.available_until;

-- The windows of one pair never overlap (SQLite has one writer at a time, so a check before each row suffices).
CREATE TRIGGER availability_windows_no_overlap_insert BEFORE INSERT ON availability_windows
WHEN EXISTS (
    SELECT 1 FROM availability_windows w
    WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code
      AND (w.available_from IS NULL OR NEW.available_until IS NULL OR w.available_from < NEW.available_until)
      AND (NEW.available_from IS NULL OR w.available_until IS NULL OR NEW.available_from < w.available_until))
BEGIN
    SELECT RAISE(ABORT, 'availability windows overlap');
END;
CREATE TRIGGER availability_windows_no_overlap_update BEFORE UPDATE OF movie_id, country_code, available_from, available_until ON availability_windows
WHEN EXISTS (
    SELECT 1 FROM availability_windows w
    WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code AND w.id <> NEW.id
      AND (w.available_from IS NULL OR NEW.available_until IS NULL OR w.available_from < NEW.available_until)
      AND (NEW.available_from IS NULL OR w.available_until IS NULL OR NEW.available_from < w.available_until))
BEGIN
    SELECT RAISE(ABORT, 'availability windows overlap');
END;

-- After each changed window its pair is applied at the clock's now, in the same transaction. The clock
-- (Infrastructure/Availability/AvailabilityClock.cs) moves now forward and sets available_from to itself on the
-- windows whose boundary it passed, so these same triggers apply them: one definition of the rule.
CREATE TRIGGER availability_windows_apply_insert AFTER INSERT ON availability_windows BEGIN
    DELETE FROM movie_availability
    WHERE movie_id = NEW.movie_id AND country_code = NEW.country_code
      AND NOT EXISTS (
        SELECT 1 FROM availability_windows_now w WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code);
    INSERT INTO movie_availability (movie_id, country_code, available_from, available_until)
    SELECT w.movie_id, w.country_code, w.available_from, w.available_until
    FROM availability_windows_now w WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code
    ON CONFLICT (movie_id, country_code) DO UPDATE SET available_from = excluded.available_from, available_until = excluded.available_until
    WHERE movie_availability.available_from IS NOT excluded.available_from OR movie_availability.available_until IS NOT excluded.available_until;
END;
CREATE TRIGGER availability_windows_apply_delete AFTER DELETE ON availability_windows BEGIN
    DELETE FROM movie_availability
    WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code
      AND NOT EXISTS (
        SELECT 1 FROM availability_windows_now w WHERE w.movie_id = OLD.movie_id AND w.country_code = OLD.country_code);
    INSERT INTO movie_availability (movie_id, country_code, available_from, available_until)
    SELECT w.movie_id, w.country_code, w.available_from, w.available_until
    FROM availability_windows_now w WHERE w.movie_id = OLD.movie_id AND w.country_code = OLD.country_code
    ON CONFLICT (movie_id, country_code) DO UPDATE SET available_from = excluded.available_from, available_until = excluded.available_until
    WHERE movie_availability.available_from IS NOT excluded.available_from OR movie_availability.available_until IS NOT excluded.available_until;
END;
CREATE TRIGGER availability_windows_apply_update AFTER UPDATE OF movie_id, country_code, available_from, available_until ON availability_windows BEGIN
    DELETE FROM movie_availability
    WHERE movie_id = OLD.movie_id AND country_code = OLD.country_code
      AND NOT EXISTS (
        SELECT 1 FROM availability_windows_now w WHERE w.movie_id = OLD.movie_id AND w.country_code = OLD.country_code);
    DELETE FROM movie_availability
    WHERE movie_id = NEW.movie_id AND country_code = NEW.country_code
      AND NOT EXISTS (
        SELECT 1 FROM availability_windows_now w WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code);
    INSERT INTO movie_availability (movie_id, country_code, available_from, available_until)
    SELECT w.movie_id, w.country_code, w.available_from, w.available_until
    FROM availability_windows_now w WHERE w.movie_id = NEW.movie_id AND w.country_code = NEW.country_code
    ON CONFLICT (movie_id, country_code) DO UPDATE SET available_from = excluded.available_from, available_until = excluded.available_until
    WHERE movie_availability.available_from IS NOT excluded.available_from OR movie_availability.available_until IS NOT excluded.available_until;
END;
