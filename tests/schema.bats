#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Every command's real JSON output, and its error documents, against its schema in
# docs/schema/ (tests/tools/validate-json, python3-jsonschema). A key renamed in a printer
# and not in the schema (or the other way round) fails here.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

VALIDATE="$TESTS_DIR/tools/validate-json"

# valid SCHEMA EXIT ARGS...: `linkctl -j ARGS` (in $NS) exits EXIT and its stdout fits SCHEMA.
valid() {
	local schema=$1 rc=$2
	shift 2
	run --separate-stderr lcj "$@"
	assert_equal "$status" "$rc"
	echo "$output" | "$VALIDATE" "$schema" || fail "linkctl -j $*: does not fit $schema.json: $output"
	# a failure is {"error", "code"}; only a batch keeps its array, the error in its last element
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && [ "$(jqo type)" = object ]; then
		assert_equal "$(jqo -c 'keys')" '["code","error"]'
	fi
}

@test "schema: the schemas themselves are valid draft 2020-12, and refuse wrong documents" {
	local s
	for s in "$REPO_DIR"/docs/schema/*.json; do
		s=$(basename "$s" .json)
		[ "$s" = common ] && continue
		echo 'null' | "$VALIDATE" "$s" 2>/dev/null && fail "$s accepts null"
	done
	# the old vocabulary is refused: a link pin receipt with "id" and a "path" string
	run "$VALIDATE" link-pin <<<'{"id":7,"path":"/sys/fs/bpf/x"}'
	assert_failure 1
	run "$VALIDATE" link-show <<<'{"id":7,"type":"xdp","prog_id":1,"prog_name":"a","prog_tag":null,"defunct":true,"ifindex":0,"devname":"(detached)"}'
	assert_failure 1
	run "$VALIDATE" monitor --lines <<<'{"time":"2026-12-01T15:04:05.123Z","time_ms":1,"event":"attach"}'
	assert_failure 1
	run "$VALIDATE" version <<<'{"error":"x"}'       # an error without its code
	assert_failure 1
}

@test "schema: version, help, OBJECT help, COMMAND -h, usage errors" {
	valid version 0 version
	valid help 0 help
	local obj
	for obj in link xdp prog monitor batch version shell help; do
		valid object-help 0 "$obj" help
	done
	valid object-help 0 link list -h
	valid object-help 0 help xdp attach
	valid version 2 frob
	valid version 2 version extra
	valid help 2 help frob
	valid link-list 2 link list bogus
	valid link-list 2 link list -n "$NS"
}

@test "schema: prog list, prog show and their errors" {
	local id
	id=$("$TESTS_DIR/tools/lc-pinprog.bin" "$BPF_DIR/counter_map.bpf.o" "$BPFFS/counter")
	valid prog-list 0 prog list
	valid prog-list 0 prog list type xdp
	valid prog-show 0 prog show id "$id"
	valid prog-show 0 prog show pinned "$BPFFS/counter"
	valid prog-show 1 prog show id 4000000000
	valid prog-list 2 prog list type nosuchtype
}

@test "schema: link list and show over xdp, tcx, raw_tracepoint, detached and unnamed devices" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local xdp=$HOLD_IDS
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	local tcx=$HOLD_IDS
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	valid link-list 0 link list
	valid link-list 0 link list type xdp
	valid link-list 0 --no-owners link list
	valid link-show 0 link show id "$xdp"
	valid link-show 0 link show id "$tcx"
	valid link-show 0 link show id "$HOLD_IDS"
	# seen from the host namespace, the devices cannot be named: null and a reason
	run --separate-stderr "$LINKCTL" -j link show id "$tcx"
	echo "$output" | "$VALIDATE" link-show || fail "$output"
	assert_equal "$(jqo -c '[.devname, .devname_reason, .netns]')" "[null,\"unknown\",\"$NS\"]"
	valid link-show 0 link detach id "$xdp"
	assert_equal "$(jqo -c '[.devname, .devname_reason]')" '[null,"detached"]'
	valid link-show 1 link show id 4000000000
	valid link-show 1 link show pinned "$BPFFS/none"
	valid link-list 1 link list dev nosuchdev
}

@test "schema: link pin, unpin, update and their errors" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local lid=$HOLD_IDS
	valid link-pin 0 link pin id "$lid" "$BPFFS/a"
	valid link-pin 0 link pin id "$lid" "$BPFFS/a"        # again: the note
	valid link-pin 1 link pin id 4000000000 "$BPFFS/b"
	valid link-pin 2 link pin id "$lid"
	valid link-show 0 link update id "$lid" prog "$BPF_DIR/xdp_drop.bpf.o"
	valid link-show 2 link update id "$lid" prog 5
	valid link-show 1 link update id "$lid" prog "$BPF_DIR/xdp_pass.bpf.o" old-prog 4000000000
	valid link-unpin 0 link unpin "$BPFFS/a"
	valid link-unpin 1 link unpin "$BPFFS/a"
}

@test "schema: xdp show, attach (link, netlink, replace), detach and their errors" {
	valid xdp-show 0 xdp show
	valid xdp-show 0 xdp show dev veth0
	valid xdp-attach 0 xdp attach dev veth0 prog "$XDP_OBJ"
	valid xdp-attach 0 xdp attach dev veth0 prog "$BPF_DIR/xdp_drop.bpf.o" replace
	valid xdp-attach 0 xdp attach dev veth1 prog "$XDP_OBJ" via netlink skb
	valid xdp-show 0 xdp list
	valid xdp-attach 1 xdp attach dev veth1 prog "$XDP_OBJ" skb
	valid xdp-attach 1 xdp attach dev veth0 prog /etc/passwd
	valid xdp-attach 2 xdp attach dev veth0 prog 5136
	valid xdp-detach 0 xdp detach dev veth1
	valid xdp-detach 0 xdp detach dev veth1                # empty now: the note
	valid xdp-detach 1 xdp detach dev veth0
	valid xdp-detach 0 xdp detach dev veth0 force
	valid xdp-show 1 xdp show dev nosuchdev
}

@test "schema: xdp attach exec: the receipt alone on stdout before the command runs" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_OBJ" exec -- true
	assert_success
	echo "$output" | "$VALIDATE" xdp-attach || fail "$output"
	assert_equal "$(jqo -c '[.exec, (.pids | length)]')" '[["true"],1]'
}

@test "schema: link recv, send, adopt, wait" {
	lc_bg recv -j link recv "$T/r.sock" pin "$BPFFS/got"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	lc xdp attach dev veth0 prog "$XDP_OBJ" pin "$BPFFS/l" >/dev/null
	valid link-send 0 link send pinned "$BPFFS/l" to "$T/r.sock" unpin
	wait_rc "$recv_pid"
	recv_result "$T/recv.out" | "$VALIDATE" link-recv || fail "$(cat "$T/recv.out")"
	assert_equal "$(head -n1 "$T/recv.out")" "{\"listening\":\"$T/r.sock\"}"
	valid link-adopt 0 link adopt pinned "$BPFFS/got" pin "$BPFFS/again"
	valid link-send 1 link send pinned "$BPFFS/again" to "$T/none.sock"
	valid link-adopt 1 link adopt pinned "$BPFFS/none" pin "$BPFFS/x"
	local lid
	lid=$(lcj link show pinned "$BPFFS/again" | jq .id)
	valid link-wait 1 link wait id "$lid" timeout 1
	rm "$BPFFS/again"
	valid link-wait 0 link wait id "$lid" timeout 5
	valid link-wait 1 link wait id 4000000000
	valid link-wait 2 link wait
}

@test "schema: monitor's JSON Lines, the timeout error included" {
	bg "$LINKCTL" -j -n "$NS" monitor dev veth0 count 3 timeout 3 >"$T/mon.out"
	local mon=$BG_PID
	sleep 0.5
	lc xdp attach dev veth0 prog "$XDP_OBJ" via netlink skb >/dev/null
	lc xdp detach dev veth0 >/dev/null
	wait_rc "$mon"
	assert_equal "$WAIT_RC" 1
	"$VALIDATE" monitor --lines <"$T/mon.out" || fail "$(cat "$T/mon.out")"
	assert_equal "$(jq -sc 'map(.event // .code)' "$T/mon.out")" '["attach","detach","timeout"]'
	run --separate-stderr lcj monitor dev nosuchdev
	echo "$output" | "$VALIDATE" monitor --lines || fail "$output"
}

@test "schema: batch, with a failing line" {
	printf 'version\nxdp show\nprog show id 4000000000\n' >"$T/b"
	valid batch 1 batch file "$T/b"
	assert_equal "$(jqo -c '.[2] | [.line, .code]')" '[3,"not_found"]'
	printf 'version\n"unterminated\n' >"$T/b"
	valid batch 2 batch file "$T/b"
	assert_equal "$(jqo -c '.[1] | [.line, .code]')" '[2,"usage"]'
	valid batch 1 batch file "$T/none"
}
