#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link wait: returns when the link is gone (exit 0) or detached (exit 3); times out with exit 1.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

@test "wait: returns 0 with state gone when the last owner lets go (JSON)" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS
	lc_bg wait -j link wait id "$id" timeout 10
	local wait_pid=$BG_PID
	sleep 0.3
	kill -0 "$wait_pid"                 # still waiting while the link is attached
	assert_equal "$(link_owner_pids "$id")" "$HOLD_PID"
	kill "$HOLD_PID"
	wait_rc "$wait_pid"
	assert_equal "$WAIT_RC" 0
	output=$(cat "$T/wait.out")
	assert_equal "$(jqo .link_id)" "$id"
	assert_equal "$(jqo .state)" gone
	[ "$(jqo .waited_ms)" -ge 300 ]
	assert_equal "$(cat "$T/wait.err")" ""
}

@test "wait: returns 3 with state detached when the device goes but the link is held (text)" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS
	lc_bg wait link wait id "$id"
	local wait_pid=$BG_PID
	sleep 0.2
	ip -n "$NS" link del veth0
	wait_rc "$wait_pid"
	assert_equal "$WAIT_RC" 3
	run cat "$T/wait.out"
	assert_output --regexp "^link $id detached after [0-9]+ ms$"
	assert_equal "$(cat "$T/wait.err")" ""
	assert_equal "$(link_owner_pids "$id")" "$HOLD_PID"
	run lcj link wait id "$id"
	assert_failure 3
	assert_equal "$(jqo .state)" detached
}

@test "wait: a link that is gone returns at once, the newest too; an ID never handed out is not_found" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local gone=$HOLD_IDS
	drop_holder
	wait_for bash -c "! bpftool link show id $gone >/dev/null 2>&1"
	# possibly the newest link of the host: the iterator's own link tells it was handed out
	run lcj link wait id "$gone" timeout 1
	assert_success
	assert_equal "$(jqo -c '[.link_id, .state]')" "[$gone,\"gone\"]"
	hold -n "$NS" xdp veth0 "$XDP_OBJ"     # a higher ID in use now
	[ "$HOLD_IDS" -gt "$gone" ]
	run lcj link wait id "$gone" timeout 1
	assert_success
	assert_equal "$(jqo .state)" gone
	# far above anything handed out (IDs only grow, up to 2^31 - 1)
	local never=2000000000
	assert_lc_error 1 "no link with id $never: the kernel has not handed out that ID yet" \
		link wait id "$never" timeout 1
	run --separate-stderr lcj link wait id "$never"
	assert_equal "$(jqo .code)" not_found
}

@test "wait pinned PATH: the ID is read from the pin once, then the wait is by ID" {
	run lcj xdp attach dev veth0 prog "$XDP_OBJ" pin "$BPFFS/w"
	assert_success
	local id
	id=$(jqo .link_id)
	lc_bg wait -j link wait pinned "$BPFFS/w" timeout 10
	local wait_pid=$BG_PID
	sleep 0.3
	kill -0 "$wait_pid"
	# the wait opens the link by ID and closes it at once: the pin alone keeps it, so
	# removing the pin ends the wait
	rm "$BPFFS/w"
	wait_rc "$wait_pid"
	assert_equal "$WAIT_RC" 0
	output=$(cat "$T/wait.out")
	assert_equal "$(jqo .link_id)" "$id"
	assert_equal "$(jqo .state)" gone
	assert_lc_error 1 "cannot open pinned object $BPFFS/none: No such file or directory" \
		link wait pinned "$BPFFS/none"
	run --separate-stderr lcj link wait pinned "$BPFFS/none"
	assert_equal "$(jqo .code)" not_found
}

@test "wait: timeout is exit 1 with an error (text and JSON); usage errors are exit 2" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS
	assert_lc_error 1 "link $id is still attached after 1 s" link wait id "$id" timeout 1
	run --separate-stderr lcj link wait id "$id" timeout 1
	assert_equal "$(jqo .code)" timeout
	assert_lc_error 2 "link wait: missing 'id' (or one of its alternatives)" link wait
	assert_lc_error 2 "timeout must be 1 to 2000000 seconds" link wait id "$id" timeout 0
	assert_lc_error 2 "link wait: invalid ID 'x' for 'id'" link wait id x
	assert_equal "$(link_owner_pids "$id")" "$HOLD_PID"
}
