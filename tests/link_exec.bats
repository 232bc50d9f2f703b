#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# exec hand-off: `link recv ... exec -- CMD` and `link adopt ... exec -- CMD` run CMD with the
# link at fd 3 (LISTEN_FDS style); when CMD exits, the program auto-detaches.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

# A command that reports what it inherited, then lives until the test writes to "$0.go"
# (a fifo: no guess at how long a check takes). Only children (env, find) get
# redirections, which bash applies after forking: find lists bash's own fds.
REPORT='env >"$0.env"; find /proc/$$/fd -mindepth 1 -printf "%f %l\n" >"$0.fds"; echo $$ >"$0.pid"; read -r _ <"$0.go"'

@test "recv exec: CMD gets the link at fd 3, LISTEN_FDS/LISTEN_PID, and stdio besides" {
	mkfifo "$T/cmd.go"
	lc_bg recv -j link recv "$T/r.sock" exec -- bash -c "$REPORT" "$T/cmd"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	fdpass -n "$NS" send "$T/r.sock" link veth0 "$XDP_OBJ"
	read -r id rc _ <<<"$HOLD_IDS"
	assert_equal "$rc" 0
	wait_for test -s "$T/cmd.pid"
	assert_equal "$(cat "$T/cmd.pid")" "$recv_pid"
	assert_equal "$(grep -E '^(LISTEN_|LINKCTL_)' "$T/cmd.env" | sort | xargs)" \
		"LINKCTL_LINK_FD=3 LINKCTL_LINK_ID=$id LISTEN_FDNAMES=bpf_link LISTEN_FDS=1 LISTEN_PID=$recv_pid"
	run sort -n "$T/cmd.fds"
	assert_line --index 0 --regexp "^0 "
	assert_line --index 1 "1 $T/recv.out"
	assert_line --index 2 "2 $T/recv.err"
	assert_line --index 3 "3 anon_inode:bpf_link"
	assert_equal "${#lines[@]}" 4
	output=$(recv_result "$T/recv.out" | head -n1)
	assert_equal "$(jqo .link_id)" "$id"
	assert_equal "$(jqo .holder_pid)" "$recv_pid"
	assert_equal "$(jqo '.exec | length')" 4
	assert_equal "$(jqo '.exec[0]')" bash
	assert_equal "$(jqo '.exec[3]')" "$T/cmd"
	assert_equal "$(link_owner_pids "$id" | xargs)" "$(printf '%s\n' "$recv_pid" "$HOLD_PID" | sort -n | xargs)"
	echo >"$T/cmd.go"
	wait_rc "$recv_pid"
	assert_equal "$WAIT_RC" 0
}

# CMD is `cat FIFO`: it lives until the test opens the fifo for writing and closes it.
@test "recv exec -- cat FIFO: the program outlives the sender and detaches when cat exits" {
	mkfifo "$T/go"
	lc_bg recv link recv @e exec -- cat "$T/go"
	local recv_pid=$BG_PID
	wait_listening @e
	fdpass -n "$NS" send @e link veth0 "$XDP_OBJ"
	read -r id rc _ <<<"$HOLD_IDS"
	assert_equal "$rc" 0
	local prog
	prog=$(xdp_prog)
	kill "$HOLD_PID"
	wait_output "$recv_pid" link_owner_pids "$id"
	assert_equal "$(xdp_prog)" "$prog"
	wait_output cat cat /proc/"$recv_pid"/comm
	assert_equal "$(recv_result "$T/recv.out")" "received link $id: xdp  prog $prog  from pid $HOLD_PID uid 0
	pid $recv_pid execs cat $T/go"
	assert_equal "$(xdp_prog)" "$prog"
	: >"$T/go"
	wait_rc "$recv_pid"
	assert_equal "$WAIT_RC" 0
	wait_output "" xdp_prog
	assert_equal "$(link_owner_pids "$id")" ""
}

@test "recv exec: an unknown command is refused before listening (text and JSON)" {
	assert_lc_error 1 "no-such-command-lct: command not found" \
		link recv "$T/r.sock" exec -- no-such-command-lct
	assert_lc_error 1 "/nonexistent/cmd is not an executable file" \
		link recv "$T/r.sock" exec -- /nonexistent/cmd
	assert_lc_error 2 "link recv: 'exec' needs a command" link recv "$T/r.sock" exec --
	[ ! -e "$T/r.sock" ]
}

@test "adopt exec: an unknown command fails before the pin is touched (text and JSON)" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	assert_lc_error 1 "no-such-command-lct: command not found" \
		link adopt pinned "$BPFFS/l" exec -- no-such-command-lct
	[ -e "$BPFFS/l" ]
}

@test "adopt exec: the pin goes, CMD holds the link, and its exit detaches the program" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	local id=${HOLD_IDS% *} prog
	prog=$(xdp_prog)
	mkfifo "$T/go"
	lc_bg adopt -j link adopt pinned "$BPFFS/l" exec -- cat "$T/go"
	local pid=$BG_PID
	wait_output "$pid" link_owner_pids "$id"
	[ ! -e "$BPFFS/l" ]
	assert_equal "$(xdp_prog)" "$prog"
	output=$(cat "$T/adopt.out")
	assert_equal "$(jqo .link_id)" "$id"
	assert_equal "$(jqo -c .unpinned)" "[\"$BPFFS/l\"]"
	assert_equal "$(jqo .holder_pid)" "$pid"
	assert_equal "$(jqo -c .exec)" "[\"cat\",\"$T/go\"]"
	assert_equal "$(xdp_prog)" "$prog"
	: >"$T/go"
	wait_rc "$pid"
	assert_equal "$WAIT_RC" 0
	wait_output "" xdp_prog
}
