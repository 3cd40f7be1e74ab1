-- Marks the start of a step for lib/done.sql.
SELECT clock_timestamp() AS t0 \gset
