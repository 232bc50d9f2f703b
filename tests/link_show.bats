#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link show: one link by ID or by pin, as an object; without arguments, the list.

load helpers

@test "show id: one object with exact values, text and JSON" {
	hold_xdp_link
	local lid=$HOLD_IDS prog=$HELD_PROG fd=$HELD_FD
	run lcj link show id "$lid"
	assert_success
	assert_equal "$(jqo 'type')" "object"
	assert_equal "$(jqo -c '[.id, .type, .prog_id, .prog_name, .ifindex, .devname, .defunct, .pinned]')" \
		"[$lid,\"xdp\",$prog,\"xdp_pass\",$IFINDEX0,\"veth0\",false,[]]"
	assert_equal "$(jqo -c '.pids')" "[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	run lc link show id "$lid"
	assert_success
	assert_line --index 0 --regexp "^$lid: xdp  prog $prog xdp_pass tag [0-9a-f]{16}\$"
	assert_line --index 1 "	ifindex $IFINDEX0  devname veth0"
	assert_line --index 2 "	pids lc-hold.bin($HOLD_PID) fd $fd"
	assert_equal "${#lines[@]}" "3"
}

@test "show: a perf_event link's detail, or 'not reported by this kernel' (null, detail_reason) without it" {
	hold perf "$BPF_DIR/perf_event.bpf.o"
	local lid=$HOLD_IDS fd
	fd=$(link_fd "$HOLD_PID" "$lid")
	assert_equal "$(link_fdinfo "$HOLD_PID" "$lid" link_type)" "perf"     # the kernel's name
	run lcj link show id "$lid"
	assert_success
	assert_equal "$(jqo -c '[.id, .type, .prog_id, .prog_name]')" \
		"[$lid,\"perf_event\",$(link_fdinfo "$HOLD_PID" "$lid" prog_id),\"pe_sample\"]"
	# lc-hold's event: software, page faults (config 2)
	if link_info_has perf_event; then
		assert_equal "$(jqo -c '[.perf_event_type, .event_type, .event_config, .cookie, has("detail_reason")]')" \
			'["event","software",2,0,false]'
		run lc link show id "$lid"
		assert_line --index 1 "	perf_event_type event  event_type software  event_config 2  cookie 0"
	else
		assert_equal "$(jqo -c '[.perf_event_type, .detail_reason, has("event_type"), has("cookie")]')" \
			'[null,"not reported by this kernel",false,false]'
		run lc link show id "$lid"
		assert_line --index 1 "	detail not reported by this kernel"
	fi
	assert_success
	assert_line --index 2 "	pids lc-hold.bin($HOLD_PID) fd $fd"
	assert_equal "${#lines[@]}" "3"
}

@test "show pinned: the link behind a pin, with its pins" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/one"
	lc link pin id "$lid" "$BPFFS/dir/two"
	run lcj link show pinned "$BPFFS/dir/two"
	assert_success
	assert_equal "$(jqo -c '[.id, .pinned]')" "[$lid,[\"$BPFFS/dir/two\",\"$BPFFS/one\"]]"
	run lc link show pinned "$BPFFS/one"
	assert_line --index 2 "	pinned $BPFFS/dir/two"
	assert_line --index 3 "	pinned $BPFFS/one"
}

@test "show: a link held only by its pin has pids []" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/only"
	drop_holder
	run lcj link show pinned "$BPFFS/only"
	assert_success
	assert_equal "$(jqo -c '[.id, .devname, .pinned, .pids]')" "[$lid,\"veth0\",[\"$BPFFS/only\"],[]]"
	# the attachment lives on without its process
	assert_equal "$(ip_xdp_prog_id veth0)" "$(jqo .prog_id)"
	rm "$BPFFS/only"
}

@test "show without arguments is the list" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	run lcj link show
	assert_success
	assert_equal "$(jqo 'type')" "array"
	assert_equal "$(jqo --argjson id "$HOLD_IDS" '[.[] | select(.id == $id)] | length')" "1"
	run lcj link show dev veth0
	assert_equal "$(jqo -c 'map(.id)')" "[$HOLD_IDS]"
	run lcj link
	assert_success
	assert_equal "$(jqo 'type')" "array"
}

@test "show: errors, text and JSON" {
	lcj_fails 1 "no link with id 4000000000" link show id 4000000000
	assert_equal "$stderr" "Error: no link with id 4000000000"
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/map"
	lcj_fails 1 "$BPFFS/map pins a map, not a link" link show pinned "$BPFFS/map"
	lc_fails 1 "$BATS_TEST_TMPDIR is not on a bpffs, so it is not a pin" \
		link show pinned "$BATS_TEST_TMPDIR"
	run --separate-stderr lc link show pinned "$BPFFS"
	assert_equal "$stderr" "Error: $BPFFS is a directory, not a pin"
	lc_fails 1 "cannot open pinned object $BPFFS/nothing: No such file or directory" \
		link show pinned "$BPFFS/nothing"
	lcj_fails 2 "link show: filters apply to the list; 'id' and 'pinned' name one link" \
		link show id 1 type xdp
	lcj_fails 2 "link show: 'id' and 'pinned' exclude each other" link show id 1 pinned /x
}
