#!/usr/bin/env bash
# Client conformance checks through redis-cli (Debian redis-tools 7.0.15).
# Usage: check_redis_cli.sh HOST PORT        env: STAGE=core|data|all (default all), CALL_TIMEOUT (s, default 10)
# Prints "PASS redis-cli: name" / "FAIL redis-cli: name: detail" per check; exits 1 if any failed.
# Every redis-cli call runs under `timeout`.
set -uo pipefail

HOST=${1:-127.0.0.1}
PORT=${2:-6379}
STAGE=${STAGE:-all}
CALL_TIMEOUT=${CALL_TIMEOUT:-10}
PREFIX="bsc:cli:$$:"
CLIENT=redis-cli
failures=0

# Raw output (the default when stdout is not a tty): strings as is, maps/arrays one element per line.
cli_bytes() { timeout -k 2 "$CALL_TIMEOUT" redis-cli -h "$HOST" -p "$PORT" "$@"; }
# Same, NUL bytes dropped (bash variables cannot hold them; byte-exact checks use cli_bytes | hex).
cli() { cli_bytes "$@" | tr -d '\000'; }
# Typed output: "(nil)", quoted strings, "(integer) n", "(error) ..." : tells nil from empty.
cli_typed() { timeout -k 2 "$CALL_TIMEOUT" redis-cli --no-raw -h "$HOST" -p "$PORT" "$@"; }
hex() { od -An -v -tx1 | tr -d ' \n'; }

pass() { echo "PASS $CLIENT: $1"; }
# Details may echo binary data: one line, non-printable bytes shown as '?', at most 300 bytes.
fail() { failures=$((failures + 1)); echo "FAIL $CLIENT: $1: $(printf '%s' "$2" | head -c 300 | LC_ALL=C tr -c '[:print:]' '?')"; }
# expect NAME EXPECTED ACTUAL
expect() {
    if [[ "$3" == "$2" ]]; then pass "$1"; else fail "$1" "expected [$2], got [$3]"; fi
}

core_checks() {
    expect "PING" "PONG" "$(cli PING 2>&1)"
    expect "PING message" "hello" "$(cli PING hello 2>&1)"
    expect "ECHO text" "hello world" "$(cli ECHO 'hello world' 2>&1)"

    # -x takes the last argument from stdin, byte for byte; raw output appends one newline.
    local want got
    want="$(printf 'a\000b\377\r\nz' | hex)0a"
    got=$(printf 'a\000b\377\r\nz' | cli_bytes -x ECHO 2>&1 | hex)
    expect "ECHO binary via -x (NUL, 0xFF, CRLF)" "$want" "$got"

    # HELLO 3: redis-cli prints the RESP3 map; --no-raw shows types.
    local hello
    hello=$(cli_typed HELLO 3 2>&1)
    local ok=1 line
    for line in '"server" =>' '"version" =>' '"proto" => (integer) 3' '"id" => (integer)' \
                '"mode" => "standalone"' '"role" => "master"' '"modules" =>'; do
        [[ "$hello" == *"$line"* ]] || { ok=0; fail "HELLO 3 map" "missing $line in: $(echo "$hello" | tr '\n' '|')"; break; }
    done
    [[ $ok == 1 ]] && pass "HELLO 3 map (server, version, proto 3, id, mode, role, modules)"

    local info
    info=$(cli INFO 2>&1)
    if [[ "$info" == *"redis_version:"* && "$info" == *"cluster_enabled:"* ]]; then
        pass "INFO has redis_version and cluster_enabled"
    else
        fail "INFO has redis_version and cluster_enabled" "got: $(echo "$info" | head -c 300 | tr '\r\n' '||')"
    fi

    local n
    n=$(cli COMMAND COUNT 2>&1)
    if [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]]; then pass "COMMAND COUNT > 0 ($n)"; else fail "COMMAND COUNT > 0" "got $n"; fi

    # COMMAND INFO get, raw: get / 2 / flags... / 1 / 1 / 1 / ...  -> name, arity, then first/last/step after flags.
    local ci
    ci=$(cli_typed COMMAND INFO get 2>&1)
    # --no-raw prints nested arrays as "1) 1) "get"" / "   2) (integer) 2" ... pick the integers in order.
    local ints
    ints=$(echo "$ci" | grep -o '(integer) -\?[0-9]*' | head -4 | awk '{print $2}' | tr '\n' ' ')
    if [[ "$ci" == *'"get"'* && "$ints" == "2 1 1 1 " ]]; then
        pass "COMMAND INFO get (arity 2, key positions 1 1 1)"
    else
        fail "COMMAND INFO get (arity 2, key positions 1 1 1)" "integers: [$ints] (no GET in the command table?); reply: $(echo "$ci" | head -8 | tr '\n' '|')"
    fi

    # CLIENT SETINFO: +OK (Redis >= 7.2, ours) or Redis 7.0's exact unknown-subcommand error.
    local si
    si=$(cli CLIENT SETINFO LIB-NAME redis-cli 2>&1)
    if [[ "$si" == "OK" || "$si" == "ERR unknown subcommand 'SETINFO'. Try CLIENT HELP." ]]; then
        pass "CLIENT SETINFO ($si)"
    else
        fail "CLIENT SETINFO" "got [$si]"
    fi

    # Batch mode (stdin not a tty) first sends COMMAND DOCS; it must work, or fail gracefully.
    local batch
    batch=$(printf 'PING\nECHO batch\n' | timeout -k 2 "$CALL_TIMEOUT" redis-cli -h "$HOST" -p "$PORT" 2>&1 | tr '\n' ' ')
    expect "batch mode (stdin) PING + ECHO" "PONG batch " "$batch"
}

data_checks() {
    local k="${PREFIX}k" ns="${PREFIX}ns" miss="${PREFIX}missing"

    expect "SET" "OK" "$(cli SET "$k" v1 2>&1)"
    expect "GET" '"v1"' "$(cli_typed GET "$k" 2>&1)"
    expect "SET overwrite + GET" "OK v2" "$(cli SET "$k" v2 2>&1) $(cli GET "$k" 2>&1)"
    expect "GET missing key -> nil" "(nil)" "$(cli_typed GET "$miss" 2>&1)"

    # Binary value with all 256 byte values through -x; GET prints it raw plus a newline.
    local allhex
    allhex=$(for i in $(seq 0 255); do printf '%02x' "$i"; done)
    local bin_set
    bin_set=$(for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done | cli -x SET "$k" 2>&1)
    expect "SET binary value (all 256 byte values) via -x" "OK" "$bin_set"
    expect "GET binary value byte-exact" "${allhex}0a" "$(cli_bytes GET "$k" 2>/dev/null | hex)"
    expect "GET binary value length (256 + newline)" "257" "$(cli_bytes GET "$k" 2>/dev/null | wc -c | tr -d ' ')"

    expect "SET empty value" "OK" "$(cli SET "$k" '' 2>&1)"
    expect "GET empty value -> \"\"" '""' "$(cli_typed GET "$k" 2>&1)"

    expect "EXISTS existing" "1" "$(cli EXISTS "$k" 2>&1)"
    expect "EXISTS counts repeats" "2" "$(cli EXISTS "$k" "$k" "$miss" 2>&1)"
    expect "DEL returns count" "1" "$(cli DEL "$k" "$miss" 2>&1)"
    expect "EXISTS after DEL" "0" "$(cli EXISTS "$k" 2>&1)"
    expect "GET after DEL -> nil" "(nil)" "$(cli_typed GET "$k" 2>&1)"
    expect "DEL missing" "0" "$(cli DEL "$k" 2>&1)"

    expect "HSET new field" "1" "$(cli HSET "$ns" f v1 2>&1)"
    expect "HSET existing field" "0" "$(cli HSET "$ns" f v2 2>&1)"
    expect "HSET several pairs" "2" "$(cli HSET "$ns" a 1 b 2 2>&1)"
    expect "HGET" '"v2"' "$(cli_typed HGET "$ns" f 2>&1)"
    expect "HGET missing field -> nil" "(nil)" "$(cli_typed HGET "$ns" nofield 2>&1)"
    expect "HGET missing namespace -> nil" "(nil)" "$(cli_typed HGET "$miss" f 2>&1)"
    expect "HEXISTS existing" "1" "$(cli HEXISTS "$ns" f 2>&1)"
    expect "HEXISTS missing" "0" "$(cli HEXISTS "$ns" nofield 2>&1)"
    expect "HSET binary value via -x" "1" "$(printf 'x\000y\377\r\n' | cli -x HSET "$ns" binf 2>&1)"
    expect "HGET binary value byte-exact" "$(printf 'x\000y\377\r\n' | hex)0a" "$(cli_bytes HGET "$ns" binf 2>/dev/null | hex)"
    expect "HSET empty value" "1" "$(cli HSET "$ns" empty '' 2>&1)"
    expect "HGET empty value -> \"\"" '""' "$(cli_typed HGET "$ns" empty 2>&1)"
    expect "HDEL returns count" "1" "$(cli HDEL "$ns" f nofield 2>&1)"
    expect "HDEL again" "0" "$(cli HDEL "$ns" f 2>&1)"
    expect "HEXISTS after HDEL" "0" "$(cli HEXISTS "$ns" f 2>&1)"
    expect "EXISTS namespace" "1" "$(cli EXISTS "$ns" 2>&1)"
    expect "DEL namespace" "1" "$(cli DEL "$ns" 2>&1)"
    expect "HGET after DEL namespace -> nil" "(nil)" "$(cli_typed HGET "$ns" a 2>&1)"
}

# Expiry: SET EX + TTL, EXPIRE, PERSIST; HSETEX only against Blobasaur (Redis 7.0 has no HSETEX).
ttl_checks() {
    local k="${PREFIX}ttl" ns="${PREFIX}ttlns"
    expect "SET EX + TTL" "OK 100" "$(cli SET "$k" v EX 100 2>&1) $(cli TTL "$k" 2>&1)"
    expect "EXPIRE + PERSIST + TTL" "1 1 -1" "$(cli EXPIRE "$k" 50 2>&1) $(cli PERSIST "$k" 2>&1) $(cli TTL "$k" 2>&1)"
    if [[ "$(cli INFO server 2>&1)" == *blobasaur_version* ]]; then
        expect "HSETEX + HTTL" "1 100" "$(cli HSETEX "$ns" EX 100 FIELDS 1 f v 2>&1) $(cli HTTL "$ns" FIELDS 1 f 2>&1)"
    else
        echo "SKIP $CLIENT: HSETEX (the target is not Blobasaur)"
    fi
    cli DEL "$k" "$ns" >/dev/null 2>&1
}

scan_checks() {
    local p="clients:$CLIENT:scan:$$:"
    for i in 1 2 3 4 5; do cli SET "$p$i" v >/dev/null; done
    expect "redis-cli --scan over a private prefix" "5" "$(timeout -k 2 "$CALL_TIMEOUT" redis-cli -h "$HOST" -p "$PORT" --scan --pattern "$p*" | sort -u | wc -l)"
    cli DEL "${p}1" "${p}2" "${p}3" "${p}4" "${p}5" >/dev/null
}

case "$STAGE" in
    core) core_checks ;;
    data) data_checks; ttl_checks; scan_checks ;;
    all) core_checks; data_checks; ttl_checks; scan_checks ;;
    *) echo "FAIL $CLIENT: unknown STAGE=$STAGE (core|data|all)"; exit 1 ;;
esac
exit $((failures > 0))
