#!/usr/bin/env bash
# Drives two requests through both branches of the procedure with curl alone, against a server
# started with the demo (npm start). Needs curl and jq; the institution signs the acceptance act with
# `pakalpe sign` (standing in for its own signing tool) and a certificate from the demo CA in the
# server's data folder. Usage: DATA_DIR=./data docs/walkthrough.sh [BASE_URL]
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}/api/v1"
PASSWORD=demo-parole-2026
PAKALPE="node $(dirname "$0")/../bin/pakalpe.js"
export DATA_DIR="${DATA_DIR:-./data}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# login NAME EMAIL: keeps a cookie jar and the CSRF token per user
login() {
  curl -sf -c "$WORK/$1.jar" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$PASSWORD\"}" "$BASE/session" > "$WORK/$1.json"
}
# call NAME METHOD PATH [JSON]: prints the response body, fails on an HTTP error
call() {
  local csrf
  csrf=$(jq -r .csrfToken "$WORK/$1.json")
  curl -sf -b "$WORK/$1.jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
    -X "$2" ${4:+-d "$4"} "$BASE$3"
}
# act NAME ID ACTION [EXTRA_JSON]: reads the current version, performs the action, prints the new state
act() {
  local version
  version=$(call "$1" GET "/requests/$2" | jq .version)
  call "$1" POST "/requests/$2/$3" "{\"version\":$version${4:+,$4}}" | jq -r '"  \(.reference): \(.state)"'
}

login member peteris.liepa@nrc.demo
login reviewer janis.ozolins@vraa.demo
INSTITUTION=$(jq -r .user.institutionId "$WORK/member.json")
SERVICES=$(call member GET "/catalog/services?environment=test&institutionId=$INSTITUTION")

# free_service N: the Nth test service with no open request (a service has one open request at a time)
free_service() {
  local id open n=0
  for id in $(echo "$SERVICES" | jq -r '.items[].id'); do
    open=$(call member GET "/requests?serviceId=$id" |
      jq '[.items[] | select(.state | IN("completed", "rejected", "withdrawn") | not)] | length')
    if [ "$open" = 0 ]; then
      if [ "$n" = "$1" ]; then echo "$id"; return; fi
      n=$((n + 1))
    fi
  done
  echo "no free test service" >&2; return 1
}
# describe NAME ID: attaches the service's OpenAPI description (approval needs a checked one)
describe() {
  call "$1" POST "/requests/$2/description" "{\"version\":$(call "$1" GET "/requests/$2" | jq .version),
    \"main\":\"api.json\",\"files\":[{\"name\":\"api.json\",
    \"content\":$(jq -n '{openapi:"3.0.3",info:{title:"Personas dati",version:"1.0"},paths:{}} | tojson')}]}" |
    jq -r '"  description checked: \([.findings[] | select(.severity == "error")] | length) errors"'
}

new_request() { # FREE_SERVICE_INDEX USED_IN_VISS HOSTED
  local service
  service=$(free_service "$1")
  call member POST /requests "{
    \"serviceId\": \"$service\",
    \"contact\": {\"name\": \"Pēteris Liepa\", \"email\": \"peteris.liepa@nrc.demo\", \"phone\": \"+371 67 000 000\"},
    \"description\": \"Sinhrona SOAP pakalpe, kas izsniedz personas pamatdatus datu ņēmējiem.\",
    \"testPeriod\": {\"from\": \"2026-10-01\", \"to\": \"2026-10-31\"},
    \"usedInVissInfrastructure\": $2, \"hostedInProduction\": $3}" | jq -r .id
}

# The demo's services each have an open request; the institution gives up its draft to free one.
DRAFT=$(call member GET "/requests?state=draft" | jq -r '.items[0].id')
act member "$DRAFT" withdraw '"comment":"Iesniegsim no jauna."'

echo "Branch 1: used in VISS infrastructure, hosted in production"
ID=$(new_request 0 true true)
act member "$ID" submit
act reviewer "$ID" start-review
act reviewer "$ID" request-corrections '"corrections":["Norādiet ErrorList struktūru kļūdu atbildēs."]'
call member PATCH "/requests/$ID" "{\"version\":$(call member GET "/requests/$ID" | jq .version),\"description\":\"Sinhrona SOAP pakalpe; kļūdas atgriež ErrorList struktūrā.\"}" > /dev/null
# With its reviewer assigned, the resubmitted request goes straight back to review.
act member "$ID" submit
CORRECTION=$(call reviewer GET "/requests/$ID" | jq -r '.corrections[0].id')
call reviewer POST "/requests/$ID/corrections/$CORRECTION/resolve" "{\"version\":$(call reviewer GET "/requests/$ID" | jq .version)}" > /dev/null
# Approval needs a checked description without open errors; a service used in VISS infrastructure also
# its test-period audit analysis, made against that description (the window defaults to the test period).
describe reviewer "$ID"
call reviewer POST "/requests/$ID/audit-analyses" "{\"version\":$(call reviewer GET "/requests/$ID" | jq .version)}" |
  jq -r '"  audit analysis: \(.recordCount) records, \(.results.flags | length) flags, sha256 \(.recordsSha256[:12])…"'
act reviewer "$ID" approve-review '"comment":"Apraksts un auditpieraksti atbilst."'
# Step 3: the reviewer issues the act (the server signs it for the agency); the institution downloads
# the ASiC-E container, adds its signature and uploads it; the request moves on once both verify.
call reviewer POST "/requests/$ID/act" "{\"version\":$(call reviewer GET "/requests/$ID" | jq .version)}" \
  | jq -r '"  act \(.current.number) version \(.current.version) issued and signed by the agency"'
curl -sf -b "$WORK/member.jar" "$BASE/requests/$ID/act/container" -o "$WORK/act.asice"
$PAKALPE demo-ca issue --registration-number 90000000011 --name 'Nacionālais reģistru centrs' \
  --person 'Pēteris Liepa' --out "$WORK/nrc.p12" --password parole > /dev/null
$PAKALPE sign "$WORK/act.asice" --p12 "$WORK/nrc.p12" --password parole --out "$WORK/act-signed.asice" > /dev/null
jq -n --rawfile c <(base64 -w0 "$WORK/act-signed.asice") \
  --argjson v "$(call member GET "/requests/$ID" | jq .version)" '{version: $v, containerBase64: $c}' > "$WORK/upload.json"
call member POST "/requests/$ID/act/containers" "@$WORK/upload.json" \
  | jq -r '"  \(.request.reference): \(.request.state) (signatures: \([.report.signatures[] | .party] | join(", ")))"'
act reviewer "$ID" register-in-production \
  '"production":{"endpointUrl":"https://viss.example.lv/prod/personas","hosting":"agency","version":"1.0"}'
act reviewer "$ID" confirm-installation '"installation":{"checkedUrl":"https://viss.example.lv/prod/personas?wsdl"}'

echo "Branch 2: not used in VISS infrastructure, not hosted in production"
ID=$(new_request 0 false false)
act member "$ID" submit
act reviewer "$ID" start-review
describe reviewer "$ID"
act reviewer "$ID" approve-review
act reviewer "$ID" register-in-production \
  '"production":{"endpointUrl":"https://iestade.example.lv/personas","hosting":"institution","version":"1.0"}'

echo "History of the last request:"
call member GET "/requests/$ID/history" | jq -r '.items[] | "  \(.seq). \(.action) \(.fromState // "-") -> \(.toState // "-")"'
echo "Production catalog:"
call member GET "/catalog/services?environment=production&institutionId=$INSTITUTION" | jq -r '.items[] | "  \(.identifier) v\(.entryVersion)"'
