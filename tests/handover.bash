# SPDX-License-Identifier: GPL-2.0-only
# handover.bash: helpers for the hand-over tests (link recv/send/adopt/wait); load after helpers.
#
#   fdpass ARGS        start tests/tools/lc-fdpass in the background like `hold`
#                      (HOLD_PID; HOLD_IDS = the rest of its "ready" line)
#   lc_bg NAME ARGS    linkctl ARGS in the background (-n $NS --bpffs $BPFFS) with stdio
#                      only: stdout in $T/NAME.out, stderr in $T/NAME.err; BG_PID = its pid
#   wait_rc PID        wait for a background PID; WAIT_RC = its exit status
#   exits_0 PID        wait_rc PID, and it is 0
#   wait_listening S   until socket S (path or @name) listens in $NS
#   wait_for CMD...    until CMD succeeds (5 s at most)
#   wait_output W CMD  until CMD prints W (5 s at most)
#   fd_list PID        "FD TARGET" lines of a process, socket/pipe inode numbers dropped
#   xdp_prog           the XDP prog ID on veth0 (empty when none)
#   assert_lc_error EXIT MSG ARGS   lc ARGS and lcj ARGS both fail with EXIT and MSG
#   wait_received F    until recv's output file F holds more than its "listening" line
#   recv_result F      recv's output after its first ("listening") line

FDPASS="$TESTS_DIR/tools/lc-fdpass.bin"
XDP_OBJ="$BPF_DIR/xdp_pass.bpf.o"

handover_setup() {
	lc_setup
	T="$BATS_TEST_TMPDIR"
	export T
}

fdpass() { HOLD="$FDPASS" hold "$@"; }

# bash -c script: exec "$@" with stdio only (bats hands its own fds down, blurring fd_list).
ONLY_STDIO='for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && exec {fd}>&-; done; exec "$@"'

lc_bg() {
	local name=$1
	shift
	bg bash -c "$ONLY_STDIO" only_stdio "$LINKCTL" --bpffs "$BPFFS" -n "$NS" "$@" \
		>"$T/$name.out" 2>"$T/$name.err"
}

# wait_output WANT CMD...: until CMD prints WANT (5 s at most); CMD runs anew each time.
wait_output() {
	local want=$1 i
	shift
	for i in $(seq 50); do
		[ "$("$@")" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

wait_for() {
	local i
	for i in $(seq 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# /proc/net/unix: Flags 00010000 is __SO_ACCEPTCON, a listening socket.
is_listening() {
	ip netns exec "$NS" awk -v p="$1" '$4 == "00010000" && $8 == p { found = 1 } END { exit !found }' /proc/net/unix
}
wait_listening() { wait_for is_listening "$1"; }

fd_list() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		printf '%s %s\n' "${fd##*/}" "$(readlink "$fd" | sed -E 's/:\[[0-9]+\]$//')"
	done | sort -n
}

# PID's fd list once it settles on $2: the receiver answers a refusal before it closes the
# connection, so the sender can be back before that close (up to 2 s, then the last list).
fd_list_settled() {
	local i now
	for i in $(seq 40); do
		now=$(fd_list "$1")
		[ "$now" = "$2" ] && break
		sleep 0.05
	done
	printf '%s\n' "$now"
}

xdp_prog() { ip_xdp_prog_id veth0; }

# Wait for background PID (a child of the test shell) to end; its exit status in WAIT_RC.
wait_rc() {
	WAIT_RC=0
	wait "$1" || WAIT_RC=$?
}

# exits_0 PID: the background process PID exits, with 0.
exits_0() {
	wait_rc "$1"
	assert_equal "$WAIT_RC" 0
}

# assert_lc_error EXIT MSG ARGS...: assert_refused, and under -j too "Error: MSG" on stderr.
# Only for commands that change nothing.
assert_lc_error() {
	assert_refused "$@"
	assert_equal "$stderr" "Error: $2"
}

# recv prints "listening on SOCKET" (a JSON line under -j) first, its result after it.
wait_received() { wait_for test "$(wc -l <"$1")" -ge 2; }
recv_result() { tail -n +2 "$1"; }
