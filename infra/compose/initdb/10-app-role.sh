#!/bin/sh
# Runs once, when the data volume is first initialised: the login role the API uses. Not a
# superuser and without BYPASSRLS, so row-level security applies to it (docs/architecture.md).
# Migrations run as the owner (POSTGRES_USER) and grant it what it needs.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$APP_DB_PASSWORD" <<'SQL'
create role app_user login password :'pw' nosuperuser nobypassrls;
SQL
