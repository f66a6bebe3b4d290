# Benchmarks/web-session.sh — sourced by web.sh and web-profile.sh: signs in as the demo province
# officer (tinh.hatinh) and makes a one-day API token. The account has a second factor (roles.md §6:
# required for PRV): its current TOTP code comes from `giamngheo users otp`, which works on demo
# accounts only (and enrols one made before MFA existed).
#   web_sign_in BASE_URL PASSWORDS_FILE WORK_DIR GIAMNGHEO_BIN DB    sets COOKIE (the gn_session cookie) and TOKEN
web_sign_in() {
    local base=$1 passwords=$2 work=$3 cli=$4 db=$5 password otp csrf
    password=$(awk '$1 == "tinh.hatinh" {print $2}' "$passwords")
    [[ -n "$password" ]] || { echo "no password for tinh.hatinh in $passwords" >&2; return 1; }
    otp=$("$cli" users otp tinh.hatinh --db "$db" 2>"$work/otp.err") \
        || { echo "giamngheo users otp tinh.hatinh --db $db failed: $(cat "$work/otp.err")" >&2; return 1; }
    curl -s -c "$work/cookies.txt" -H 'Content-Type: application/json' \
        -d "{\"username\":\"tinh.hatinh\",\"password\":\"$password\",\"otp\":\"$otp\"}" "$base/api/v1/session" >"$work/session.json"
    csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/session.json") \
        || { echo "sign-in as tinh.hatinh refused: $(cat "$work/session.json")" >&2; return 1; }
    COOKIE=$(awk '$6 == "gn_session" {print $7}' "$work/cookies.txt")
    TOKEN=$(curl -s -b "$work/cookies.txt" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
        -d '{"name":"benchmark","days":1}' "$base/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}
