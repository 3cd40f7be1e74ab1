#!/usr/bin/env bash
# The standby's entry point in deploy/compose.yaml. On its first start the data folder is made a base
# backup of the primary, as the local cluster makes its standby: pg_basebackup -R (standby.signal and
# primary_conninfo) -C -S (its replication slot on the primary). Then the image's own entry point
# starts PostgreSQL as usual (it skips initdb on a folder that holds a cluster).
set -euo pipefail
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  until gosu postgres pg_isready -q -h "$PRIMARY_HOST"; do sleep 1; done
  PGPASSWORD=$REPLICATION_PASSWORD gosu postgres pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" \
    -R -X stream -C -S "$STANDBY_NAME" -c fast
fi
exec docker-entrypoint.sh "$@"
