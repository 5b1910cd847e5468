# shellcheck shell=bash
# eng/lib/services.sh: install and run the throwaway servers the tests and the
# demo need: a PostgreSQL 15 cluster with pgvector, and Azurite (a blob service
# for staging, and blob, queue and table services for Durable task hubs).
#
# Source it (it is safe under `set -euo pipefail`) and call:
#   ensure_postgres            apt-installs postgresql-15 + server dev headers
#   ensure_pgvector            builds pgvector from Debian trixie's source package
#   ensure_timescaledb         builds TimescaleDB (Apache edition) from trixie's source package
#   ensure_azurite             npm-installs Azurite into eng/.cache/azurite
#   ensure_chromium            apt-installs chromium (headless rendering test of assessment.html)
#   check_pgvector             proves CREATE EXTENSION vector works on the server
#   check_timescaledb          proves the server preloads TimescaleDB and makes a hypertable
#   start_postgres DIR         private cluster in DIR on a free 127.0.0.1 port (preloads
#                              TimescaleDB when it is installed)
#   stop_postgres
#   start_azurite DIR          Azurite blob service in DIR on a free port
#   start_task_hub_storage DIR a second Azurite with blob, queue and table services
#                              (Durable task hubs), on free ports
#   stop_azurite               stops both
#   print_service_exports      `export NAME='value'` lines for the variables set
#
# Every ensure_* is idempotent and returns at once when nothing is missing.
# Functions log to stderr with the prefix $ORCH_LOG_PREFIX (default: the name
# of the calling script, e.g. "eng/test") and return 1 with a message naming
# what failed.

ORCH_ENG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORCH_REPO_DIR=$(cd "$ORCH_ENG_DIR/.." && pwd)
# Build and npm caches live here; the directory is gitignored.
ORCH_CACHE_DIR=${ORCH_CACHE_DIR:-$ORCH_ENG_DIR/.cache}
ORCH_PG_BIN_DIR=/usr/lib/postgresql/15/bin
ORCH_PG_CONFIG=$ORCH_PG_BIN_DIR/pg_config
# 3.35.0 is the newest Azurite that still runs on Node 20.
ORCH_AZURITE_VERSION=3.35.0
ORCH_DEBIAN_MIRROR=http://deb.debian.org/debian
# Azurite's fixed, publicly documented development account and key.
ORCH_AZURITE_ACCOUNT=devstoreaccount1
ORCH_AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

_svc_log() {
    local prefix=${ORCH_LOG_PREFIX:-}
    if [[ -z $prefix ]]; then
        prefix=${0#"$ORCH_REPO_DIR"/}
    fi
    echo "$prefix: $*" >&2
}

_svc_fail() {
    _svc_log "ERROR: $*"
    return 1
}

_svc_is_root() { [[ $(id -u) == 0 ]]; }

# --- Debian packages --------------------------------------------------------

_SVC_APT_UPDATED=

# Prints the packages among "$@" that dpkg does not list as installed.
_svc_missing_packages() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ $status == 'install ok installed' ]] || echo "$pkg"
    done
}

_svc_apt_update_once() {
    [[ -n $_SVC_APT_UPDATED ]] && return 0
    _svc_log "apt-get update ..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq -o DPkg::Lock::Timeout=300 >&2 ||
        { _svc_fail "apt-get update failed"; return 1; }
    _SVC_APT_UPDATED=1
}

# Installs whichever of "$@" are missing, waiting for the dpkg lock if another
# apt run holds it. A policy-rc.d that answers 101 stops the packages'
# maintainer scripts from starting services: the packaged PostgreSQL cluster
# (/var/lib/postgresql/15/main) must never run, we start our own.
_svc_apt_install() {
    local missing
    missing=$(_svc_missing_packages "$@")
    [[ -z $missing ]] && return 0
    # shellcheck disable=SC2086 # one package name per word
    set -- $missing
    _svc_is_root || { _svc_fail "packages missing ($*) and not root to install them"; return 1; }
    _svc_apt_update_once || return 1

    local policy=/usr/sbin/policy-rc.d own_policy=
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
    fi
    _svc_log "installing $* ..."
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" >&2 </dev/null || rc=$?
    [[ -n $own_policy ]] && rm -f "$policy"
    ((rc == 0)) || { _svc_fail "apt-get install $* failed (exit $rc)"; return 1; }
}

ensure_postgres() {
    _svc_apt_install postgresql-15 postgresql-server-dev-15 || return 1
    [[ -x $ORCH_PG_BIN_DIR/postgres ]] ||
        { _svc_fail "PostgreSQL 15 binaries missing from $ORCH_PG_BIN_DIR"; return 1; }
}

# Headless Chromium renders assessment.html in the assessment tests; the tests
# find it on PATH (or ORCH_TEST_CHROMIUM).
ensure_chromium() {
    command -v chromium >/dev/null 2>&1 && return 0
    _svc_apt_install chromium || return 1
    command -v chromium >/dev/null 2>&1 || { _svc_fail "chromium installed but not on PATH"; return 1; }
}

# --- pgvector ---------------------------------------------------------------

_svc_pgvector_installed() {
    local share lib
    share=$("$ORCH_PG_CONFIG" --sharedir) && lib=$("$ORCH_PG_CONFIG" --pkglibdir) || return 1
    [[ -f $share/extension/vector.control && -f $lib/vector.so ]]
}

# Prints the keyring that signs trixie. bookworm's debian-archive-keyring
# gained the trixie keys in 2023.3+deb12u2 (April 2025), both inside
# debian-archive-keyring.gpg and as separate debian-archive-trixie-*.gpg files
# (the marker we test, so no gpg is needed). An older keyring lacks them: then
# upgrading the package from bookworm itself (a configured, trusted source)
# brings them, which is safer than fetching keys from anywhere else.
_svc_trixie_keyring() {
    local dir=/usr/share/keyrings
    if [[ ! -f $dir/debian-archive-trixie-automatic.gpg ]]; then
        _svc_log "debian-archive-keyring lacks the trixie keys, upgrading it ..."
        _svc_apt_update_once || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --only-upgrade debian-archive-keyring >&2 </dev/null ||
            { _svc_fail "upgrading debian-archive-keyring failed"; return 1; }
        [[ -f $dir/debian-archive-trixie-automatic.gpg ]] ||
            { _svc_fail "no trixie archive key in $dir even after upgrading debian-archive-keyring"; return 1; }
    fi
    echo "$dir/debian-archive-keyring.gpg"
}

# apt-get with a private state (lists, cache, status, sources) whose only
# entry is trixie's deb-src: the machine's own apt setup stays bookworm-only.
_svc_trixie_apt() {
    local state=$1
    shift
    apt-get -q \
        -o Dir::State="$state" \
        -o Dir::State::Lists="$state/lists" \
        -o Dir::State::status="$state/status" \
        -o Dir::Cache="$state/cache" \
        -o Dir::Etc::SourceList="$state/sources.list" \
        -o Dir::Etc::SourceParts="$state/sources.list.d" \
        -o Dir::Etc::Preferences="$state/preferences" \
        -o Dir::Etc::PreferencesParts="$state/preferences.d" \
        -o APT::Sandbox::User=root \
        "$@"
}

# Downloads and unpacks trixie's source package $2 into $1/src.
_svc_fetch_trixie_source() {
    local cache=$1 package=$2 state=$1/apt keyring
    keyring=$(_svc_trixie_keyring) || return 1
    rm -rf "$state" "$cache/src"
    mkdir -p "$state/lists/partial" "$state/cache/archives/partial" \
        "$state/sources.list.d" "$state/preferences.d" "$cache/src"
    : >"$state/status"
    echo "deb-src [signed-by=$keyring] $ORCH_DEBIAN_MIRROR trixie main" >"$state/sources.list"
    local log=$cache/fetch.log
    _svc_log "fetching $package source from Debian trixie (log: $log) ..."
    if ! { _svc_trixie_apt "$state" update &&
        (cd "$cache/src" && _svc_trixie_apt "$state" source "$package"); } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        _svc_fail "apt-get update/source for trixie's $package failed (log: $log)"
        return 1
    fi
    # The trixie index (about 20 MB) is only needed for this one download.
    rm -rf "$state"
}

# Prints the unpacked pgvector source directory in the cache, if any.
_svc_pgvector_srcdir() {
    local dir
    for dir in "$1"/src/pgvector-*/; do
        [[ -f $dir/Makefile ]] && { echo "${dir%/}"; return 0; }
    done
    return 1
}

ensure_pgvector() {
    _svc_pgvector_installed && return 0
    _svc_apt_install build-essential dpkg-dev || return 1
    local cache=$ORCH_CACHE_DIR/pgvector src
    if ! src=$(_svc_pgvector_srcdir "$cache"); then
        _svc_fetch_trixie_source "$cache" pgvector || return 1
        src=$(_svc_pgvector_srcdir "$cache") ||
            { _svc_fail "no pgvector source directory under $cache/src"; return 1; }
    fi
    # The build stays in the cache, so a later install (e.g. after the PG
    # packages were reinstalled) is just `make install`.
    local log=$cache/build.log
    _svc_log "building pgvector ($(basename "$src")) for PostgreSQL 15 (log: $log) ..."
    if ! { make -C "$src" -j"$(nproc)" PG_CONFIG="$ORCH_PG_CONFIG" &&
        make -C "$src" install PG_CONFIG="$ORCH_PG_CONFIG"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        _svc_fail "pgvector build or make install failed (log: $log)"
        return 1
    fi
    _svc_pgvector_installed || { _svc_fail "pgvector still not installed after make install"; return 1; }
}

# --- TimescaleDB ------------------------------------------------------------

_svc_timescaledb_installed() {
    local share lib
    share=$("$ORCH_PG_CONFIG" --sharedir) && lib=$("$ORCH_PG_CONFIG" --pkglibdir) || return 1
    [[ -f $share/extension/timescaledb.control && -f $lib/timescaledb.so ]]
}

# Prints the unpacked timescaledb source directory in the cache, if any.
_svc_timescaledb_srcdir() {
    local dir
    for dir in "$1"/src/timescaledb-*/; do
        [[ -f $dir/bootstrap ]] && { echo "${dir%/}"; return 0; }
    done
    return 1
}

# Builds TimescaleDB's Apache-licensed edition from Debian trixie's source package (the server preloads it: see
# _svc_pg_settings). Only the Apache code is built, and no test suites.
ensure_timescaledb() {
    _svc_timescaledb_installed && return 0
    _svc_apt_install build-essential dpkg-dev cmake || return 1
    local cache=$ORCH_CACHE_DIR/timescaledb src
    if ! src=$(_svc_timescaledb_srcdir "$cache"); then
        _svc_fetch_trixie_source "$cache" timescaledb || return 1
        src=$(_svc_timescaledb_srcdir "$cache") ||
            { _svc_fail "no timescaledb source directory under $cache/src"; return 1; }
    fi
    local log=$cache/build.log
    _svc_log "building timescaledb ($(basename "$src"), Apache edition) for PostgreSQL 15 (log: $log) ..."
    if ! { { [[ -f $src/build/Makefile ]] || (cd "$src" && ./bootstrap -DAPACHE_ONLY=1 -DREGRESS_CHECKS=OFF \
        -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF -DPG_CONFIG="$ORCH_PG_CONFIG"); } &&
        make -C "$src/build" -j"$(nproc)" && make -C "$src/build" install; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        _svc_fail "timescaledb build or make install failed (log: $log)"
        return 1
    fi
    _svc_timescaledb_installed || { _svc_fail "timescaledb still not installed after make install"; return 1; }
}

# --- Azurite ----------------------------------------------------------------

ORCH_AZURITE_DIR=$ORCH_CACHE_DIR/azurite

_svc_azurite_version() {
    local pkg=$ORCH_AZURITE_DIR/node_modules/azurite/package.json
    [[ -f $pkg ]] && node -p "require(process.argv[1]).version" "$pkg" 2>/dev/null
}

ensure_azurite() {
    if [[ -x $ORCH_AZURITE_DIR/node_modules/.bin/azurite-blob &&
        $(_svc_azurite_version || true) == "$ORCH_AZURITE_VERSION" ]]; then
        return 0
    fi
    command -v npm >/dev/null || { _svc_fail "npm not found (needed for Azurite)"; return 1; }
    _svc_log "installing azurite@$ORCH_AZURITE_VERSION into $ORCH_AZURITE_DIR ..."
    mkdir -p "$ORCH_AZURITE_DIR"
    npm install --prefix "$ORCH_AZURITE_DIR" --no-audit --no-fund --loglevel=error \
        "azurite@$ORCH_AZURITE_VERSION" >&2 </dev/null ||
        { _svc_fail "npm install azurite@$ORCH_AZURITE_VERSION failed"; return 1; }
}

# --- helpers for servers ----------------------------------------------------

# Prints a TCP port on 127.0.0.1 that nothing listens on right now.
_svc_free_port() {
    if command -v python3 >/dev/null &&
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null; then
        return 0
    fi
    # Fallback: random ports until a connection is refused.
    local port _
    for _ in {1..50}; do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    _svc_fail "no free TCP port found"
}

_svc_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Random hex; od reads a fixed count, so no SIGPIPE trouble under pipefail.
_svc_random_hex() { od -An -tx1 -N"${1:-16}" /dev/urandom | tr -d ' \n'; }

# Runs a command as the postgres user (PostgreSQL refuses to run as root).
_svc_as_postgres() {
    if _svc_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# True while PID $1 runs (a zombie, not yet reaped by its parent, counts as gone).
_svc_pid_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# Sends TERM to PID $1, waits up to 10 s for it to go, then KILLs it.
_svc_kill_pid() {
    local pid=$1
    _svc_pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    _svc_wait_for "! _svc_pid_alive $pid" 10 && return 0
    kill -KILL "$pid" 2>/dev/null || true
    _svc_wait_for "! _svc_pid_alive $pid" 5
}

# Waits up to $2 seconds until $1 (a command) succeeds.
_svc_wait_for() {
    local cmd=$1 secs=$2 i
    for ((i = 0; i < secs * 5; i++)); do
        eval "$cmd" && return 0
        sleep 0.2
    done
    return 1
}

# --- PostgreSQL server ------------------------------------------------------

_svc_pg_settings() {
    cat <<EOF

# eng/lib/services.sh: throwaway test server, speed over durability.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$2'
max_connections = 200
shared_buffers = 256MB
max_wal_size = 4GB
fsync = off
synchronous_commit = off
full_page_writes = off
# Change capture (sync) reads the WAL through logical replication slots.
wal_level = logical
max_replication_slots = 64
max_wal_senders = 64
EOF
    if _svc_timescaledb_installed; then
        printf "shared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n"
    fi
}

start_postgres() {
    local dir=${1:?start_postgres needs a directory}
    [[ -d $dir ]] || { _svc_fail "start_postgres: $dir is not a directory"; return 1; }
    dir=$(cd "$dir" && pwd)
    local pgdir=$dir/pg data=$dir/pg/data port password
    port=$(_svc_free_port) || return 1
    password=$(_svc_random_hex 16)

    mkdir -p "$pgdir"
    if _svc_is_root; then
        # mktemp -d makes DIR 0700: postgres must be able to pass through it.
        chmod a+x "$dir"
        chown postgres:postgres "$pgdir"
    fi
    (umask 077 && echo "$password" >"$pgdir/pwfile")
    _svc_is_root && chown postgres:postgres "$pgdir/pwfile"

    _svc_log "initdb in $data ..."
    _svc_as_postgres "$ORCH_PG_BIN_DIR/initdb" -D "$data" -U postgres \
        --auth=scram-sha-256 --pwfile="$pgdir/pwfile" --encoding=UTF8 --no-locale \
        >"$pgdir/initdb.log" 2>&1 ||
        { cat "$pgdir/initdb.log" >&2; _svc_fail "initdb failed (log: $pgdir/initdb.log)"; return 1; }
    rm -f "$pgdir/pwfile"
    _svc_pg_settings "$port" "$pgdir" >>"$data/postgresql.conf"

    _svc_log "starting PostgreSQL on 127.0.0.1:$port ..."
    _svc_as_postgres "$ORCH_PG_BIN_DIR/pg_ctl" -D "$data" -l "$pgdir/postgres.log" -w -t 60 start >/dev/null ||
        { tail -n 20 "$pgdir/postgres.log" >&2; _svc_fail "PostgreSQL did not start (log: $pgdir/postgres.log)"; return 1; }

    export ORCH_TEST_PG_PID ORCH_TEST_PG_PORT=$port ORCH_TEST_PG_PASSWORD=$password
    export ORCH_TEST_PG_DATA=$data ORCH_TEST_PG_BIN=$ORCH_PG_BIN_DIR
    ORCH_TEST_PG_PID=$(head -n 1 "$data/postmaster.pid")
    export ORCH_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=$password

    _svc_wait_for "'$ORCH_PG_BIN_DIR/psql' -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1" 30 ||
        { _svc_fail "PostgreSQL on port $port does not accept password logins"; return 1; }
}

stop_postgres() {
    local data=${ORCH_TEST_PG_DATA:-} pid=${ORCH_TEST_PG_PID:-}
    [[ -n $data || -n $pid ]] || return 0
    if [[ -n $data && -f $data/postmaster.pid ]]; then
        _svc_as_postgres "$ORCH_PG_BIN_DIR/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    # pg_ctl returns once postmaster.pid is gone, a moment before the
    # postmaster itself exits: give it that moment before killing it.
    if [[ -n $pid ]] && ! _svc_wait_for "! _svc_pid_alive $pid" 10; then
        _svc_log "pg_ctl stop did not stop PostgreSQL (pid $pid), killing it"
        _svc_kill_pid "$pid"
    fi
    unset ORCH_TEST_PG_PID
}

# Proves the server can CREATE EXTENSION vector, in a scratch database.
check_pgvector() {
    local db=orch_vector_check_$$ psql=("$ORCH_PG_BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1)
    "${psql[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null ||
        { _svc_fail "CREATE DATABASE failed on the test server"; return 1; }
    local rc=0
    "${psql[@]}" -d "$db" -c "CREATE EXTENSION vector" -c "SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector" >/dev/null || rc=$?
    "${psql[@]}" -d postgres -c "DROP DATABASE $db" >/dev/null || true
    ((rc == 0)) || { _svc_fail "CREATE EXTENSION vector failed on the test server"; return 1; }
}

# Proves the server preloads TimescaleDB and makes a hypertable with daily chunks, in a scratch database.
check_timescaledb() {
    local db=orch_timescale_check_$$ psql=("$ORCH_PG_BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1)
    "${psql[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null ||
        { _svc_fail "CREATE DATABASE failed on the test server"; return 1; }
    local rc=0
    "${psql[@]}" -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION timescaledb" \
        -c "CREATE TABLE t (at timestamptz NOT NULL, v int)" \
        -c "SELECT create_hypertable('t', 'at', chunk_time_interval => interval '1 day')" \
        -c "INSERT INTO t VALUES ('2024-01-01', 1), ('2024-01-02', 2)" >/dev/null || rc=$?
    "${psql[@]}" -d postgres -c "DROP DATABASE $db" >/dev/null || true
    ((rc == 0)) || { _svc_fail "TimescaleDB does not work on the test server (is it in shared_preload_libraries?)"; return 1; }
}

# --- Azurite server ---------------------------------------------------------

start_azurite() {
    local dir=${1:?start_azurite needs a directory}
    [[ -d $dir ]] || { _svc_fail "start_azurite: $dir is not a directory"; return 1; }
    dir=$(cd "$dir" && pwd)
    local bin=$ORCH_AZURITE_DIR/node_modules/.bin/azurite-blob port
    [[ -x $bin ]] || ensure_azurite || return 1
    port=$(_svc_free_port) || return 1
    mkdir -p "$dir/azurite"

    # azurite-blob is a node script with a shebang: run directly, one PID.
    local cmd=("$bin" --skipApiVersionCheck --disableTelemetry --silent
        --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/azurite")
    _svc_log "starting Azurite blob service on 127.0.0.1:$port ..."
    "${cmd[@]}" >>"$dir/azurite.log" 2>&1 </dev/null &
    local pid=$!

    export ORCH_TEST_AZURITE_PID=$pid ORCH_TEST_BLOB_PORT=$port
    ORCH_TEST_AZURITE_CMD=$(printf '%q ' "${cmd[@]}")
    export ORCH_TEST_AZURITE_CMD=${ORCH_TEST_AZURITE_CMD% }
    export ORCH_TEST_BLOB="DefaultEndpointsProtocol=http;AccountName=$ORCH_AZURITE_ACCOUNT;AccountKey=$ORCH_AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$port/$ORCH_AZURITE_ACCOUNT;"

    _svc_wait_listening "$pid" "$dir/azurite.log" "$port"
}

# Durable task hubs (the Azure Storage backend) live in an Azurite of their own, with blob, queue and table
# services: the blob fault test restarts the staging one.
start_task_hub_storage() {
    local dir=${1:?start_task_hub_storage needs a directory} bin=$ORCH_AZURITE_DIR/node_modules/.bin/azurite
    local blob queue table
    [[ -x $bin ]] || ensure_azurite || return 1
    blob=$(_svc_free_port) && queue=$(_svc_free_port) && table=$(_svc_free_port) || return 1
    mkdir -p "$dir/azurite-hubs"
    _svc_log "starting Azurite blob, queue and table services on 127.0.0.1:$blob, $queue, $table (task hubs) ..."
    "$bin" --skipApiVersionCheck --disableTelemetry --silent --location "$dir/azurite-hubs" \
        --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
        --tableHost 127.0.0.1 --tablePort "$table" >>"$dir/azurite-hubs.log" 2>&1 </dev/null &
    local pid=$! endpoint=http://127.0.0.1
    export ORCH_TEST_STORAGE_PID=$pid
    export ORCH_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=$ORCH_AZURITE_ACCOUNT;AccountKey=$ORCH_AZURITE_KEY;BlobEndpoint=$endpoint:$blob/$ORCH_AZURITE_ACCOUNT;QueueEndpoint=$endpoint:$queue/$ORCH_AZURITE_ACCOUNT;TableEndpoint=$endpoint:$table/$ORCH_AZURITE_ACCOUNT;"
    _svc_wait_listening "$pid" "$dir/azurite-hubs.log" "$blob" "$queue" "$table"
}

# Waits up to 60 s until Azurite (PID $1) listens on every port in $3...; else shows its log ($2) and fails.
_svc_wait_listening() {
    local pid=$1 log=$2 port open=
    shift 2
    for port in "$@"; do open+="_svc_port_open $port && "; done
    if ! _svc_wait_for "(${open% && }) || ! _svc_pid_alive $pid" 60 || ! _svc_pid_alive "$pid"; then
        tail -n 20 "$log" >&2
        _svc_fail "Azurite did not start on port(s) $* (log: $log)"
        return 1
    fi
}

# Kills the Azurites we started by PID. A fault test may have restarted the blob one
# from ORCH_TEST_AZURITE_CMD (new PID): then also kill whatever still listens
# on our port, if its command line is ours.
stop_azurite() {
    local pid=${ORCH_TEST_AZURITE_PID:-} port=${ORCH_TEST_BLOB_PORT:-} p
    if [[ -n ${ORCH_TEST_STORAGE_PID:-} ]]; then
        _svc_kill_pid "$ORCH_TEST_STORAGE_PID"
        wait "$ORCH_TEST_STORAGE_PID" 2>/dev/null || true
        unset ORCH_TEST_STORAGE_PID
    fi
    [[ -n $pid ]] || return 0
    local pids=("$pid") listeners cmdline
    if [[ -n $port ]] && command -v ss >/dev/null; then
        listeners=$(ss -Hltnp "sport = :$port" 2>/dev/null || true)
        for p in $(grep -o 'pid=[0-9]*' <<<"$listeners" | cut -d= -f2 || true); do
            cmdline=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null || true)
            [[ $cmdline == *"--blobPort $port "* ]] && pids+=("$p")
        done
    fi
    for p in "${pids[@]}"; do
        _svc_kill_pid "$p"
    done
    wait "$pid" 2>/dev/null || true
    unset ORCH_TEST_AZURITE_PID
}

# Prints `export NAME='value'` for every variable the start_* functions set,
# for pasting into a shell (used by ORCH_TEST_KEEP=1).
print_service_exports() {
    local name
    for name in ORCH_TEST_PG ORCH_TEST_PG_PORT ORCH_TEST_PG_PASSWORD ORCH_TEST_PG_DATA \
        ORCH_TEST_PG_BIN ORCH_TEST_PG_PID PGHOST PGPORT PGUSER PGPASSWORD \
        ORCH_TEST_BLOB ORCH_TEST_BLOB_PORT ORCH_TEST_AZURITE_PID ORCH_TEST_AZURITE_CMD \
        ORCH_TEST_STORAGE ORCH_TEST_STORAGE_PID; do
        [[ -n ${!name:-} ]] && printf "export %s='%s'\n" "$name" "${!name//\'/\'\\\'\'}"
    done
    return 0
}
