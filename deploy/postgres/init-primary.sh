#!/usr/bin/env bash
# deploy/compose.yaml runs this once, when the primary's data folder is created (the image's
# /docker-entrypoint-initdb.d): the role the standby replicates with, and the pg_hba.conf line that
# lets it in. The local cluster needs neither (trust on loopback, as the tests' clusters).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
