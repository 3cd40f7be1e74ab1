-- Prints one progress line: :step, :n rows, seconds since :t0 (set by lib/start.sql).
SELECT format('   %-24s %10s rows %8s s', :'step', :'n',
              round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 1));
