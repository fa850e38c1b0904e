#!/usr/bin/env bash
# A chat backend's session with `lifelong serve`, in curl: declare a persona, record turns,
# answer as the persona, record that answer with its generation id, rate it, read it back.
#
#   lifelong tokens create --scope record,manage          # prints the token once
#   BASE_URL=http://127.0.0.1:8420 TOKEN=llt_... bash examples/http/session.sh
#
# PERSONA (default "ada") picks the persona. JSON is built and read with python3 (no jq).
set -euo pipefail

: "${BASE_URL:?set BASE_URL, e.g. http://127.0.0.1:8420}"
: "${TOKEN:?set TOKEN to a record,manage token (lifelong tokens create --scope record,manage)}"
PERSONA="${PERSONA:-ada}"
API="${BASE_URL%/}/api/v1"

# call METHOD PATH [JSON]: prints the response body; on a 4xx/5xx prints the server's error
# (its message and the field it names) and exits 1.
call() {
  local method=$1 path=$2 body=${3:-} out status
  local args=(-sS -X "$method" -H "Authorization: Bearer $TOKEN" -w $'\n%{http_code}')
  if [[ -n $body ]]; then
    args+=(-H "Content-Type: application/json" --data-binary "$body")
  fi
  out=$(curl "${args[@]}" "$API$path")
  status=${out##*$'\n'}
  out=${out%"$status"}
  out=${out%$'\n'}
  if ((status >= 400)); then
    printf 'error: %s %s -> HTTP %s: %s\n' "$method" "$path" "$status" "$(
      printf '%s' "$out" | python3 -c 'import json, sys
try:
    e = json.load(sys.stdin)["error"]
    print(e["message"] + (" (field %s)" % e["field"] if e.get("field") else ""))
except Exception:
    print("(no JSON error body)")'
    )" >&2
    exit 1
  fi
  printf '%s' "$out"
}

# get FIELD: one field of the JSON document on stdin.
get() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# turn USER ASSISTANT [GENERATION_ID]: the body of one recorded turn.
turn() {
  python3 -c 'import json, sys
user, assistant, gid = sys.argv[1], sys.argv[2], sys.argv[3]
body = {"messages": [{"role": "user", "content": user},
                     {"role": "assistant", "content": assistant}], "trait": "math"}
if gid:
    body["generation_id"] = gid
print(json.dumps(body))' "$1" "$2" "${3:-}"
}

call PUT "/personas/$PERSONA" \
  '{"traits": [{"name": "math", "description": "explains arithmetic step by step"}]}' >/dev/null
echo "persona $PERSONA: trait math declared"

for pair in "What is 2 + 2?|2 + 2 = 4: two and two more make four." \
            "And 3 * 3?|3 * 3 = 9: three groups of three."; do
  id=$(call POST "/personas/$PERSONA/interactions" "$(turn "${pair%%|*}" "${pair#*|}")" | get id)
  echo "recorded turn $id"
done

question="What is 10 - 7?"
generation=$(call POST "/personas/$PERSONA/generate" "$(python3 -c 'import json, sys
print(json.dumps({"messages": [{"role": "user", "content": sys.argv[1]}], "max_new_tokens": 32}))' \
  "$question")")
generation_id=$(printf '%s' "$generation" | get id)
answer=$(printf '%s' "$generation" | get text)
echo "generated $generation_id: $(printf '%q' "$answer")"

# Record the turn as the user saw it, with the id of the generation that wrote the reply.
# (A test model may answer only whitespace, which is not a recordable reply.)
reply=${answer}
[[ -n ${reply//[[:space:]]/} ]] || reply="(no answer)"
id=$(call POST "/personas/$PERSONA/interactions" "$(turn "$question" "$reply" "$generation_id")" \
  | get id)
echo "recorded the answered turn $id (generation $generation_id)"

call POST "/personas/$PERSONA/interactions/$id/feedback" \
  '{"rating": 0.25, "correction": "10 - 7 = 3: take seven away from ten."}' >/dev/null
echo "feedback on $id: rating 0.25 with a correction"

call GET "/personas/$PERSONA/interactions?limit=10" | python3 -c 'import json, sys
page = json.load(sys.stdin)
print("%d interactions of the persona, newest first:" % page["total"])
for item in page["items"]:
    user = next((m["content"] for m in item["messages"] if m["role"] == "user"), "")
    extra = ""
    if item["feedback_rating"] is not None:
        extra += " rating %s" % item["feedback_rating"]
    if item.get("generation_id"):
        extra += " generation %s" % item["generation_id"]
    print("  %s  %r%s" % (item["id"], user, extra))'
