#!/usr/bin/env bash
# Install (Debian package) and start a throw-away PostgreSQL server on 127.0.0.1 for the tests.
#
#   . .ci/postgres.sh            # sourced: exports QUOTEGRAPH_TEST_POSTGRES
#   eval "$(.ci/postgres.sh)"    # executed: prints the export line
#
# Idempotent: a server already running on the port is reused. Works as root (the server runs as
# the 'postgres' user) and as an ordinary user (the server runs as that user).
# Settings: QUOTEGRAPH_PG_PORT (55432), QUOTEGRAPH_PG_DATA (/tmp/quotegraph-pg),
# QUOTEGRAPH_PG_DB (quotegraph_test).

_qg_pg_main() {
    local port="${QUOTEGRAPH_PG_PORT:-55432}"
    local data="${QUOTEGRAPH_PG_DATA:-/tmp/quotegraph-pg}"
    local db="${QUOTEGRAPH_PG_DB:-quotegraph_test}"
    local bindir run=()

    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "postgres.sh: PostgreSQL is not installed; run as root or: apt-get install -y postgresql" >&2
            return 1
        fi
        echo "postgres.sh: installing PostgreSQL (apt-get)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
        bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    fi

    if [ "$(id -u)" -eq 0 ]; then
        # The server refuses to run as root.
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres || return 1
        run=(runuser -u postgres --)
    fi

    mkdir -p "$data" || return 1
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data"; fi
    chmod 700 "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
        "${run[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || "${run[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null \
            || return 1
    fi
    if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        # A stale pid file from a killed server blocks the start.
        if [ -f "$data/postmaster.pid" ] && ! "${run[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
            rm -f "$data/postmaster.pid"
        fi
        "${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
            start >/dev/null || { cat "$data/server.log" >&2; return 1; }
    fi
    if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'" postgres | grep -q 1; then
        "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" || return 1
    fi
    QUOTEGRAPH_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$port/$db"
    export QUOTEGRAPH_TEST_POSTGRES
    return 0
}

if (return 0 2>/dev/null); then
    _qg_pg_main && echo "QUOTEGRAPH_TEST_POSTGRES=$QUOTEGRAPH_TEST_POSTGRES" >&2
else
    _qg_pg_main || exit 1
    echo "export QUOTEGRAPH_TEST_POSTGRES=$QUOTEGRAPH_TEST_POSTGRES"
fi
