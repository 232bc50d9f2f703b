#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link update: replace a link's program; with old-prog a concurrent change fails instead.

load helpers

@test "update id from an object file: the device runs the new program" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS old new
	old=$(ip_xdp_prog_id veth0)
	run lcj link update id "$lid" prog "$BPF_DIR/xdp_drop.bpf.o"
	assert_success
	new=$(ip_xdp_prog_id veth0)
	[ "$new" != "$old" ]
	assert_equal "$(jqo -c '[.id, .prog_id, .prog_name, .devname]')" "[$lid,$new,\"xdp_drop\",\"veth0\"]"
	# the link holds the loaded program; linkctl kept no reference
	run lcj prog show id "$new"
	assert_equal "$(jqo -c '.pids')" "[]"
}

@test "update with the current program as old-prog succeeds, in text" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS old
	old=$(ip_xdp_prog_id veth0)
	run lc link update id "$lid" prog "$BPF_DIR/xdp_two.bpf.o" name xdp_second old-prog "$old"
	assert_success
	assert_line --index 0 --regexp "^$lid: xdp  prog $(ip_xdp_prog_id veth0) xdp_second tag [0-9a-f]{16}\$"
}

@test "update with a stale old-prog fails and changes nothing" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS cur other
	cur=$(ip_xdp_prog_id veth0)
	# another program is attached elsewhere: it exists, but this link does not run it
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_drop.bpf.o"
	other=$(ip_xdp_prog_id veth1)
	run --separate-stderr lcj link update id "$lid" prog "$BPF_DIR/xdp_drop.bpf.o" old-prog "$other"
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot update link: program $other is no longer attached (another update won)"
	assert_equal "$(ip_xdp_prog_id veth0)" "$cur"
	run lcj link show id "$lid"
	assert_equal "$(jqo .prog_id)" "$cur"
	run --separate-stderr lc link update id "$lid" prog id "$other" old-prog 4000000000
	assert_failure 1
	assert_equal "$stderr" "Error: no program with id 4000000000 (old-prog)"
	assert_equal "$(ip_xdp_prog_id veth0)" "$cur"
}

@test "update pinned with a program by id" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS other
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_drop.bpf.o"
	other=$(ip_xdp_prog_id veth1)
	lc link pin id "$lid" "$BPFFS/l"
	run lcj link update pinned "$BPFFS/l" prog id "$other"
	assert_success
	assert_equal "$(jqo -c '[.id, .prog_id]')" "[$lid,$other]"
	assert_equal "$(ip_xdp_prog_id veth0)" "$other"
}

@test "update refuses a program of another type, and ambiguous objects" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS cur
	cur=$(ip_xdp_prog_id veth0)
	run --separate-stderr lcj link update id "$lid" prog "$BPF_DIR/raw_tp.bpf.o"
	assert_failure 1
	assert_equal "$(jqo .error)" "$BPF_DIR/raw_tp.bpf.o has no xdp program (it has rtp_sys_enter (section raw_tracepoint/sys_enter))"
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	local rtp_prog
	rtp_prog=$(link_fdinfo "$HOLD_PID" "$HOLD_IDS" prog_id)
	run --separate-stderr lc link update id "$lid" prog id "$rtp_prog"
	assert_failure 1
	assert_equal "$stderr" "Error: program $rtp_prog (rtp_sys_enter) is of type raw_tracepoint, not xdp"
	run --separate-stderr lc link update id "$lid" prog "$BPF_DIR/xdp_two.bpf.o"
	assert_failure 1
	assert_equal "$stderr" "Error: $BPF_DIR/xdp_two.bpf.o has 2 xdp programs: xdp_first (section xdp), xdp_second (section xdp.frags); choose one with 'name PROG' or 'sec SECTION'"
	assert_equal "$(ip_xdp_prog_id veth0)" "$cur"
	run --separate-stderr lc link update id "$lid"
	assert_failure 2
	assert_equal "$stderr" "Error: link update: missing 'prog'"
}

@test "update: old-prog 0 is a usage error, nothing changes" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	before=$(ip_xdp_prog_id veth0)
	run --separate-stderr lcj link update id "$HOLD_IDS" prog "$BPF_DIR/xdp_drop.bpf.o" old-prog 0
	assert_failure 2
	assert_equal "$(jqo .error)" "link update: invalid ID '0' for 'old-prog'"
	assert_equal "$(ip_xdp_prog_id veth0)" "$before"
}
