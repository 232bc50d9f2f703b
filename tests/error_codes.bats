#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Error classes: every failure carries a stable "code" from a closed set beside its text,
# with its exit code (usage 2, the rest 1); the text stays one line.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

# assert_code CODE EXIT MSG ARGS...: text and JSON agree on the message; JSON names CODE.
assert_code() {
	local code=$1 rc=$2 msg=$3
	shift 3
	run --separate-stderr lc "$@"
	assert_failure "$rc"
	assert_equal "$stderr" "Error: $msg"
	assert_output ""
	run --separate-stderr lcj "$@"
	assert_failure "$rc"
	assert_equal "$(jqo -c 'keys')" '["code","error"]'
	assert_equal "$(jqo .code)" "$code"
	assert_equal "$(jqo .error)" "$msg"
}

@test "usage (exit 2) and not_found" {
	assert_code usage 2 "unknown object 'frob' (try 'linkctl help')" frob
	assert_code usage 2 "link show: invalid ID 'x' for 'id'" link show id x
	assert_code not_found 1 "no program with id 4000000000" prog show id 4000000000
	assert_code not_found 1 "no link with id 4000000000" link show id 4000000000
	assert_code not_found 1 "no device 'nosuch' in network namespace '$NS'" xdp show dev nosuch
	assert_code not_found 1 "cannot open pinned object $BPFFS/none: No such file or directory" \
		link show pinned "$BPFFS/none"
}

@test "busy: the XDP hook is a bpf_link's; exists: the pin path is taken" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local lid=$HOLD_IDS prog
	prog=$(xdp_prog)
	run --separate-stderr lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_drop.bpf.o" via netlink replace
	assert_failure 1
	assert_equal "$(jqo .code)" busy
	assert_equal "$(xdp_prog)" "$prog"
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/taken"
	assert_code exists 1 "$BPFFS/taken already exists; not overwriting it" \
		link pin id "$lid" "$BPFFS/taken"
}

@test "stale: old-prog that is no longer attached; timeout: link wait" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local lid=$HOLD_IDS cur other
	cur=$(xdp_prog)
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_drop.bpf.o"
	other=$(ip_xdp_prog_id veth1)
	run --separate-stderr lcj link update id "$lid" prog "$BPF_DIR/xdp_drop.bpf.o" old-prog "$other"
	assert_failure 1
	assert_equal "$(jqo .code)" stale
	assert_equal "$(xdp_prog)" "$cur"
	# xdp attach replace with a stale old-prog: stale too, and nothing changed
	run --separate-stderr lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_drop.bpf.o" replace old-prog "$other"
	assert_failure 1
	assert_equal "$(jqo .code)" stale
	assert_equal "$(xdp_prog)" "$cur"
	assert_code timeout 1 "link $lid is still attached after 1 s" link wait id "$lid" timeout 1
}

@test "unsupported: libbpf's own error numbers are named, and the kernel's refusals" {
	assert_code unsupported 1 "cannot open BPF object /etc/passwd: not a BPF ELF object" \
		xdp attach dev veth0 prog /etc/passwd
	refute [ -n "$(xdp_prog)" ]
	assert_code not_found 1 \
		"$BPF_DIR/xdp_two.bpf.o has no program named 'nope' (it has xdp_first (section xdp), xdp_second (section xdp.frags))" \
		xdp attach dev veth0 prog "$BPF_DIR/xdp_two.bpf.o" name nope
}

@test "permission: a missing capability" {
	run --separate-stderr setpriv --bounding-set=-sys_admin "$LINKCTL" -j prog list
	assert_failure 1
	assert_equal "$(jqo -c .)" '{"error":"cannot iterate program IDs: Operation not permitted (needs CAP_SYS_ADMIN)","code":"permission"}'
}

@test "protocol: the socket is no hand-over socket; not_found: nobody listens" {
	run lcj xdp attach dev veth0 prog "$XDP_OBJ" pin "$BPFFS/l"
	assert_success
	local lid
	lid=$(jqo .link_id)
	assert_code not_found 1 "nobody is listening on $T/none.sock" link send id "$lid" to "$T/none.sock"
	# a stream socket where a SOCK_SEQPACKET receiver should be
	bg ip netns exec "$NS" python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(4); time.sleep(30)' \
		"$T/stream.sock"
	wait_for test -S "$T/stream.sock"
	assert_code protocol 1 "$T/stream.sock is not a hand-over socket (not SOCK_SEQPACKET)" \
		link send id "$lid" to "$T/stream.sock"
	# nothing was handed over: the pin still holds the link
	run lcj link show pinned "$BPFFS/l"
	assert_equal "$(jqo .id)" "$lid"
}

@test "batch and shell errors carry the code too" {
	run --separate-stderr bash -c "printf 'prog show id 4000000000\n' | '$LINKCTL' -j batch file -"
	assert_failure 1
	assert_equal "$(jqo -c '.[0] | [.error, .code]')" '["no program with id 4000000000","not_found"]'
	run --separate-stderr bash -c "printf 'frob\nprog show id 4000000000\n' | '$LINKCTL' -j shell"
	assert_equal "$(jqo '.code' | paste -sd,)" 'usage,not_found'
}
