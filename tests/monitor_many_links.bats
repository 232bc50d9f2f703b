#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# monitor with 10,000 unrelated links on the host: its full reads (a pass over every link,
# on a worker thread) overlap the events; what it prints must be what a quiet host gives.

load helpers
load monitor_helpers

MANY=10000

# MANY raw_tracepoint links held by one lc-hold (its fds listed in /proc: their IDs).
hold_many() {
	hold_many_links "$MANY"
	cat /proc/"$MANY_PID"/fdinfo/* 2>/dev/null | awk '/^link_id:/ { print $2 }' | sort \
		>"$BATS_TEST_TMPDIR/many.ids"
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/many.ids")" "$MANY"
}

# Wait (at most 30 s) for the monitor to print EVENT of program PROG: a hook read after the
# next change would see the two as one (attach then detach: nothing at all).
wait_event() {
	local i
	for i in $(seq 300); do
		[ "$(jq -s --arg e "$1" --argjson p "$2" 'any(.[]; .event == $e and .prog_id == $p)' \
			"$BATS_TEST_TMPDIR/monitor.out" 2>/dev/null)" = true ] && return 0
		sleep 0.1
	done
	fail "no $1 of program $2 in: $(cat "$BATS_TEST_TMPDIR/monitor.out")"
}

@test "monitor: 10,000 unrelated links: netlink and bpf_link XDP events and link events exact, none for the unrelated links" {
	hold_many
	bg "$LINKCTL" -j -n "$NS" monitor timeout 60 >"$BATS_TEST_TMPDIR/monitor.out"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
	local want=() round id
	for round in 1 2 3 4 5; do
		ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
		id=$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')
		want+=("attach	veth0	skb	$id	netlink	-" "detach	veth0	skb	$id	netlink	-")
		wait_event attach "$id"
		ip -n "$NS" link set veth0 xdpgeneric off
		wait_event detach "$id"
	done
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_pass.bpf.o"
	local link_id=$HOLD_IDS link_pid=$HOLD_PID
	local link_prog
	link_prog=$(bpftool -j link show id "$link_id" | jq '.prog_id')
	assert_equal "$(ip -n "$NS" -j -d link show veth1 | jq '.[0].xdp.prog.id')" "$link_prog"
	sleep 0.5
	kill "$link_pid"
	# until the link's four events are out (full reads find its release), at most 60 s
	for _ in $(seq 600); do
		[ "$(jq -s --argjson l "$link_id" '[.[] | select(.link_id == $l)] | length' \
			"$BATS_TEST_TMPDIR/monitor.out")" -ge 4 ] && break
		sleep 0.1
	done
	kill -TERM "$MON_PID"
	wait "$MON_PID"
	# the XDP events on veth0, in order: ip -d link's program IDs, netlink's
	run jq -r 'select(.devname == "veth0") | [.event, .devname, .mode, .prog_id, .attached, (.link_id // "-")] | @tsv' \
		"$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf '%s\n' "${want[@]}")"
	# the link's: attach and link-new (either order: one read finds both), then the release
	run jq -r --argjson l "$link_id" 'select(.link_id == $l) | [.event, (.devname // "-"), (.mode // "-"), .prog_id, (.attached // .type)] | @tsv' \
		"$BATS_TEST_TMPDIR/monitor.out"
	assert_equal "$(echo "$output" | head -2 | sort)" "$(printf '%s\n' \
		"attach	veth1	drv	$link_prog	link" "link-new	-	-	$link_prog	xdp")"
	assert_equal "$(echo "$output" | tail -2 | sort)" "$(printf '%s\n' \
		"detach	veth1	drv	$link_prog	link" "link-gone	-	-	$link_prog	xdp")"
	# no event names a link the unrelated holder kept all along
	jq -r 'select(.link_id != null) | .link_id' "$BATS_TEST_TMPDIR/monitor.out" | sort -u \
		>"$BATS_TEST_TMPDIR/event.ids"
	run comm -12 "$BATS_TEST_TMPDIR/event.ids" "$BATS_TEST_TMPDIR/many.ids"
	assert_output ""
}
