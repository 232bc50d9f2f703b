#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link list: every link with its detail, pins and owners; filters; churn; privileges.

load helpers

# The tag iproute2 reports for the XDP program on a device of $NS.
ip_xdp_prog_tag() {
	ip -n "$NS" -j -d link show "$1" | jq -r '.[0].xdp.prog.tag // empty'
}

# The IDs in the listing ($output) that are among $1, a JSON array of this test's own links
# (links of other tests come and go).
mine() { jqo --argjson ours "$1" -c '[.[] | select(.id as $i | $ours | index($i)) | .id]'; }

@test "list: an XDP link held by a process, exact values in JSON" {
	hold_xdp_link
	local lid=$HOLD_IDS prog=$HELD_PROG fd=$HELD_FD
	[ -n "$prog" ] && [ -n "$fd" ]
	run lcj link list
	assert_success
	assert_equal "$(jqo 'type')" "array"
	assert_equal "$(jqo --argjson id "$lid" '.[] | select(.id == $id) | [.type, .prog_id, .prog_name, .prog_tag, .ifindex, .devname, .defunct] | @tsv')" \
		"$(printf 'xdp\t%s\txdp_pass\t%s\t%s\tveth0\tfalse' "$prog" "$(ip_xdp_prog_tag veth0)" "$IFINDEX0")"
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | .pids')" \
		"[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | .pinned')" "[]"
	assert_equal "$(jqo --argjson id "$lid" '.[] | select(.id == $id) | has("attach_type")')" "false"
}

@test "list: the same link in text" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS prog
	prog=$(ip_xdp_prog_id veth0)
	run lc link list
	assert_success
	assert_line "$lid: xdp  prog $prog xdp_pass tag $(ip_xdp_prog_tag veth0)"
	# the detail lines follow the header line of the link
	run bash -c "'$LINKCTL' -n '$NS' link list | grep -A2 '^$lid: '"
	assert_line --index 1 "	ifindex $IFINDEX0  devname veth0"
	assert_line --index 2 "	pids lc-hold.bin($HOLD_PID) fd $(link_fd "$HOLD_PID" "$lid")"
}

@test "list: a raw_tracepoint link in detail" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	local lid=$HOLD_IDS prog
	prog=$(link_fdinfo "$HOLD_PID" "$lid" prog_id)
	[ -n "$prog" ]
	run lcj link list type raw_tracepoint
	assert_success
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | [.type, .prog_id, .prog_name, .tp_name, .defunct]')" \
		"[\"raw_tracepoint\",$prog,\"rtp_sys_enter\",\"sys_enter\",false]"
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | [has("ifindex"), has("devname"), has("attach_type")]')" \
		"[false,false,false]"
	assert_equal "$(jqo --argjson id "$lid" '.[] | select(.id == $id) | .prog_tag')" \
		"$(link_fdinfo "$HOLD_PID" "$lid" prog_tag)"
	run bash -c "'$LINKCTL' link list type raw_tracepoint | grep -A1 '^$lid: '"
	assert_line --index 0 --regexp "^$lid: raw_tracepoint  prog $prog rtp_sys_enter tag [0-9a-f]{16}\$"
	assert_line --index 1 "	tp_name sys_enter"
}

@test "list: an iter link in detail: its target name, as bpftool reads it" {
	hold iter "$BPF_DIR/iter_map.bpf.o"
	local lid=$HOLD_IDS prog
	prog=$(link_fdinfo "$HOLD_PID" "$lid" prog_id)
	[ -n "$prog" ]
	assert_equal "$(bpftool -j link show id "$lid" | jq -r .target_name)" "bpf_map"
	run lcj link list type iter
	assert_success
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | [.type, .prog_id, .prog_name, .target_name, .defunct]')" \
		"[\"iter\",$prog,\"iter_maps\",\"bpf_map\",false]"
	run bash -c "'$LINKCTL' link list type iter | grep -A1 '^$lid: '"
	assert_line --index 0 --regexp "^$lid: iter  prog $prog iter_maps tag [0-9a-f]{16}\$"
	assert_line --index 1 "	target_name bpf_map"
}

@test "list: a tcx link is named by its link ID on the device" {
	# on every kernel, tcx or not: the type filter is valid and the device has no link
	run lcj link list type tcx dev veth1
	assert_success
	assert_equal "$(jqo -c .)" "[]"
	tcx_or_skip
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	local lid=$HOLD_IDS
	run lcj link list dev veth1
	assert_success
	assert_equal "$(jqo -c 'map([.id, .type, .ifindex, .devname, .attach_type])')" \
		"[[$lid,\"tcx\",$IFINDEX1,\"veth1\",\"tcx_ingress\"]]"
	run lc link list dev veth1
	assert_success
	assert_line "	ifindex $IFINDEX1  devname veth1  attach_type tcx_ingress"
}

@test "list: a device in another namespace is null (text: (unknown)), with the namespace as an object" {
	tcx_or_skip
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local xdp_id=$HOLD_IDS xdp_pid=$HOLD_PID
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	local tcx_id=$HOLD_IDS tcx_pid=$HOLD_PID
	# witnesses: the namespace's inode, and the holders are the processes in it
	local ino first ns
	ino=$(stat -L -c %i "/run/netns/$NS")
	assert_equal "$(readlink /proc/"$xdp_pid"/ns/net) $(ip netns identify "$tcx_pid")" "net:[$ino] $NS"
	assert_equal "$(ip netns pids "$NS" | sort -n | tr '\n' ' ')" "$(printf '%s\n' "$xdp_pid" "$tcx_pid" | sort -n | tr '\n' ' ')"
	first=$(ip netns pids "$NS" | sort -n | head -1)
	ns="{\"ino\":$ino,\"name\":\"$NS\",\"pid\":$first,\"comm\":\"lc-hold.bin\",\"mount\":null,\"fd_holder\":null}"
	# without -n linkctl runs in the host namespace
	run "$LINKCTL" -j link list
	assert_success
	assert_equal "$(jqo --argjson a "$xdp_id" --argjson b "$tcx_id" -c '[.[] | select(.id == $a or .id == $b) | [.ifindex, .devname, .devname_reason, .netns]]')" \
		"[[$IFINDEX0,null,\"unknown\",$ns],[$IFINDEX1,null,\"unknown\",$ns]]"
	run "$LINKCTL" link list
	assert_line "	ifindex $IFINDEX0  devname (unknown)  netns $NS"
	# in it: the device named, the same namespace object (linkctl itself is not its holder)
	run -0 lcj link show id "$tcx_id"
	assert_equal "$(jqo -c '[.devname, .netns]')" "[\"veth1\",$ns]"
	# without the link iterator: the one namespace under /run/netns whose device runs it
	run -0 env LINKCTL_BPF_ITER=0 "$LINKCTL" -j link show id "$xdp_id"
	assert_equal "$(jqo -c '[.devname, .devname_reason, .netns]')" "[null,\"unknown\",$ns]"
	# and a link of the host namespace carries the host's: its lowest pid we can read
	local self_ns host_pid
	self_ns=$(readlink /proc/self/ns/net)
	for host_pid in $(ls /proc | grep -E '^[0-9]+$' | sort -n); do
		[ "$(readlink "/proc/$host_pid/ns/net" 2>/dev/null)" = "$self_ns" ] && break
	done
	ip link add "${NS}h" type veth peer name "${NS}p"
	hold xdp "${NS}h" "$BPF_DIR/xdp_pass.bpf.o"
	local host_id=$HOLD_IDS
	run -0 "$LINKCTL" -j link show id "$host_id"
	ip link del "${NS}h"
	assert_equal "$(jqo -c '[.devname, .netns.ino, .netns.pid, .netns.comm]')" \
		"[\"${NS}h\",$(stat -L -c %i /proc/self/ns/net),$host_pid,\"$(cat "/proc/$host_pid/comm")\"]"
}

@test "list: a cgroup link with its cgroup_id and path" {
	local cgroot
	cgroot=$(findmnt -n -o TARGET -t cgroup2 | head -1)
	[ -n "$cgroot" ] || skip "no cgroup v2 mount"
	CGDIR="$cgroot/$NS"
	mkdir "$CGDIR"
	hold cgroup "$CGDIR" "$BPF_DIR/cgroup_skb.bpf.o"
	local lid=$HOLD_IDS
	run lcj link list type cgroup
	assert_success
	assert_equal "$(jqo --argjson id "$lid" -c '.[] | select(.id == $id) | [.cgroup_id, .attach_type, .cgroup_path, .prog_name]')" \
		"[$(stat -c %i "$CGDIR"),\"cgroup_inet_ingress\",\"$CGDIR\",\"cg_allow\"]"
	run bash -c "'$LINKCTL' link list type cgroup | grep -A2 '^$lid: '"
	assert_line --index 1 "	cgroup_id $(stat -c %i "$CGDIR")  attach_type cgroup_inet_ingress"
	assert_line --index 2 "	cgroup_path $CGDIR"
}

teardown() {
	lc_teardown
	if [ -n "${CGDIR:-}" ]; then
		rmdir "$CGDIR" 2>/dev/null || true
	fi
}

@test "list: filters on xdp and raw_tracepoint links, alone and combined (every kernel: no tcx)" {
	hold_xdp_link
	local xdp_id=$HOLD_IDS xdp_pid=$HOLD_PID xdp_prog=$HELD_PROG
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2
	local rtp_ids=$HOLD_IDS rtp_pid=$HOLD_PID
	lc link pin id "$xdp_id" "$BPFFS/xdp"
	local ours="[$xdp_id,${rtp_ids// /,}]"

	run lcj link list type raw_tracepoint
	assert_success
	assert_equal "$(mine "$ours")" "[${rtp_ids// /,}]"
	run lcj link list owner "$rtp_pid"
	assert_equal "$(jqo -c 'map(.id)')" "[${rtp_ids// /,}]"
	run lcj link list pinned
	assert_equal "$(mine "$ours")" "[$xdp_id]"
	assert_equal "$(jqo --argjson id "$xdp_id" -c '.[] | select(.id == $id) | .pinned')" "[\"$BPFFS/xdp\"]"
	run lcj link list pinned owner "$xdp_pid" dev veth0 type xdp prog "$xdp_prog"
	assert_equal "$(jqo -c 'map(.id)')" "[$xdp_id]"
	run lcj link list pinned owner "$rtp_pid"
	assert_success
	assert_equal "$(jqo -c .)" "[]"
	run lcj link list type raw_tracepoint dev veth0
	assert_equal "$(jqo -c .)" "[]"
	run lc link list owner "$rtp_pid" type raw_tracepoint
	assert_success
	assert_equal "$(printf '%s\n' "${lines[@]}" | grep -c '^[0-9]*: raw_tracepoint  prog ')" 2
}

@test "list: pinned PATH is the link pinned there, as in show; other filters still apply; bad pins fail" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local xdp_id=$HOLD_IDS xdp_pid=$HOLD_PID
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	local rtp_id=$HOLD_IDS
	lc link pin id "$xdp_id" "$BPFFS/xdp"
	lc link pin id "$rtp_id" "$BPFFS/rtp"
	# witness: bpftool names the same link at each pin
	assert_equal "$(bpftool -j link show pinned "$BPFFS/xdp" | jq .id)" "$xdp_id"
	run lcj link list pinned "$BPFFS/xdp"
	assert_success
	assert_equal "$(jqo -c 'map([.id, .pinned])')" "[[$xdp_id,[\"$BPFFS/xdp\"]]]"
	run lcj link list pinned "$BPFFS/rtp" type raw_tracepoint
	assert_equal "$(jqo -c 'map(.id)')" "[$rtp_id]"
	run lcj link list pinned "$BPFFS/xdp" type raw_tracepoint
	assert_success
	assert_equal "$(jqo -c .)" "[]"
	run lcj link list owner "$xdp_pid" pinned "$BPFFS/xdp"
	assert_equal "$(jqo -c 'map(.id)')" "[$xdp_id]"
	run lc link list pinned "$BPFFS/rtp"
	assert_success
	assert_line --index 0 --regexp "^$rtp_id: raw_tracepoint  prog "
	# show and list agree on what the pin names
	assert_equal "$("$LINKCTL" -j link show pinned "$BPFFS/rtp" | jq .id)" "$rtp_id"
	run --separate-stderr "$LINKCTL" -j link list pinned "$BPFFS/none"
	assert_failure 1
	assert_equal "$(jqo -r .code)" not_found
	"$TESTS_DIR/tools/lc-pinprog.bin" "$BPF_DIR/counter_map.bpf.o" "$BPFFS/prog" >/dev/null
	run --separate-stderr "$LINKCTL" -j link list pinned "$BPFFS/prog"
	assert_failure 1
	assert_json
	run --separate-stderr "$LINKCTL" link list pinned "$BPFFS/none"
	assert_failure 1
	assert_equal "${#lines[@]}" 0
	[[ "$stderr" == "Error: "* ]]
}

@test "list: filters type, dev, prog, pinned and owner, alone and combined" {
	tcx_or_skip
	hold_xdp_link
	local xdp_id=$HOLD_IDS xdp_pid=$HOLD_PID xdp_prog=$HELD_PROG
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	local tcx_id=$HOLD_IDS tcx_pid=$HOLD_PID
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2
	local rtp_ids=$HOLD_IDS rtp_pid=$HOLD_PID
	lc link pin id "$tcx_id" "$BPFFS/tcx"
	# links of other tests come and go: look only at ours
	local ours="[$xdp_id,$tcx_id,${rtp_ids// /,}]"

	run lcj link list type xdp
	assert_success
	assert_equal "$(mine "$ours")" "[$xdp_id]"
	run lcj link list dev veth0
	assert_equal "$(jqo -c 'map(.id)')" "[$xdp_id]"
	run lcj link list prog "$xdp_prog"
	assert_equal "$(jqo -c 'map(.id)')" "[$xdp_id]"
	run lcj link list owner "$rtp_pid"
	assert_equal "$(jqo -c 'map(.id)')" "[${rtp_ids// /,}]"
	run lcj link list pinned
	assert_equal "$(mine "$ours")" "[$tcx_id]"
	assert_equal "$(jqo --argjson id "$tcx_id" -c '.[] | select(.id == $id) | .pinned')" "[\"$BPFFS/tcx\"]"
	run lcj link list type xdp dev veth0 owner "$xdp_pid" prog "$xdp_prog"
	assert_equal "$(jqo -c 'map(.id)')" "[$xdp_id]"
	run lcj link list type tcx dev veth0
	assert_success
	assert_equal "$(jqo -c '.')" "[]"
	run lcj link list pinned owner "$tcx_pid" dev veth1
	assert_equal "$(jqo -c 'map(.id)')" "[$tcx_id]"
	run lc link list owner "$xdp_pid"
	assert_success
	assert_line --index 0 --regexp "^$xdp_id: xdp  prog $xdp_prog xdp_pass tag "
	run lc link list type xdp dev veth1
	assert_success
	assert_output ""
}

@test "list: filter errors are one line, text and JSON" {
	lc_fails 2 "link: unknown link type 'bogus' (one of: raw_tracepoint, tracing, cgroup, iter, netns, xdp, perf_event, kprobe_multi, struct_ops, netfilter, tcx, uprobe_multi, netkit, sockmap)" \
		link list type bogus
	run --separate-stderr lcj link list type bogus
	assert_failure 2
	assert_equal "$(jqo .error)" "${stderr#Error: }"
	lcj_fails 1 "no device 'nosuchdev' in network namespace '$NS'" link list dev nosuchdev
	assert_equal "$stderr" "Error: no device 'nosuchdev' in network namespace '$NS'"
	lcj_fails 1 "no process with pid 4194305" link list owner 4194305
	run --separate-stderr "$LINKCTL" -j --no-owners link list pinned
	assert_failure 2
	assert_equal "$(jqo .error)" "link: the 'pinned' filter needs the pin and owner scans that --no-owners skips"
	run --separate-stderr "$LINKCTL" --no-owners link list owner 1
	assert_failure 2
	assert_equal "$stderr" "Error: link: the 'owner' filter needs the pin and owner scans that --no-owners skips"
	lcj_fails 2 "link list: invalid ID 'notanumber' for 'prog'" link list prog notanumber
}

@test "list: --no-owners leaves pinned and pids out" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	run "$LINKCTL" -j --no-owners -n "$NS" link list dev veth0
	assert_success
	assert_equal "$(jqo -c 'map([.id, .devname, has("pinned"), has("pids")])')" "[[$lid,\"veth0\",false,false]]"
	run "$LINKCTL" --no-owners -n "$NS" link list dev veth0
	refute_output --partial "pids"
}

@test "list: several processes churning links; every run exits 0 with valid JSON" {
	local i dev
	# XDP links come and go on the test's devices, in both modes; the raw_tracepoint
	# churners hold new links unsettled (EAGAIN) while they wait for the tracepoint mutex
	for dev in veth0 veth1; do
		bg "$HOLD" -n "$NS" churn "$dev" "$BPF_DIR/xdp_pass.bpf.o" 10
		bg "$HOLD" -n "$NS" churn "$dev" "$BPF_DIR/xdp_drop.bpf.o" 10 skb
	done
	bg "$HOLD" rawtp-churn "$BPF_DIR/raw_tp.bpf.o" 10
	bg "$HOLD" rawtp-churn "$BPF_DIR/raw_tp.bpf.o" 10
	sleep 0.3
	for i in $(seq 40); do
		run --separate-stderr "$LINKCTL" -j link list
		[ "$status" -eq 0 ] || fail "run $i: exit $status: $stderr"
		echo "$output" | jq -e 'type == "array"' >/dev/null || fail "run $i: not a JSON array: $output"
		[[ "$stderr" == "" || "$stderr" =~ ^"Warning: skipped "[0-9]+" link" ]] || fail "run $i: stderr: $stderr"
		run --separate-stderr "$LINKCTL" -j --no-owners -n "$NS" link list dev veth0
		[ "$status" -eq 0 ] || fail "run $i (dev veth0): exit $status: $stderr"
		echo "$output" | jq -e 'type == "array"' >/dev/null || fail "run $i: not a JSON array: $output"
	done
}

@test "list: links destroyed while the list runs" {
	local i lines
	ulimit -n 8192      # the holder's 2000 links (the default soft limit is 1024)
	for i in 1 2 3 4 5; do
		hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2000 sched_process_hang
		local holder=$HOLD_PID prog progs
		# one program, or one per link where the kernel allows one link per program and
		# tracepoint (6.1)
		progs=$("$LINKCTL" -j link list owner "$holder" | jq -c 'map(.prog_id) | unique')
		prog=$(echo "$progs" | jq '.[0]')
		"$LINKCTL" -j link list >"$BATS_TEST_TMPDIR/list.json" 2>"$BATS_TEST_TMPDIR/list.err" &
		local lister=$!
		kill "$holder"
		wait "$lister" || fail "run $i: list failed: $(cat "$BATS_TEST_TMPDIR/list.err")"
		wait "$holder" 2>/dev/null || true
		# every link of the holder that made it into the list is whole
		lines=$(jq --argjson ps "$progs" '[.[] | select(.prog_id as $p | $ps | index($p)) | select(.tp_name != "sched_process_hang" or .type != "raw_tracepoint")] | length' \
			"$BATS_TEST_TMPDIR/list.json") || fail "run $i: not JSON: $(head -c 300 "$BATS_TEST_TMPDIR/list.json")"
		assert_equal "$lines" "0"
	done
	# and they are all gone now
	run "$LINKCTL" -j --no-owners link list prog "$prog"
	assert_equal "$(jqo length)" "0"
	run "$LINKCTL" -j --no-owners link list type raw_tracepoint
	assert_equal "$(jqo --argjson ps "$progs" '[.[] | select(.prog_id as $p | $ps | index($p))] | length')" "0"
}

@test "list: without CAP_SYS_ADMIN one clear line names the capability" {
	run --separate-stderr setpriv --inh-caps=-all --bounding-set=-sys_admin "$LINKCTL" link list
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "Error: cannot iterate link IDs: Operation not permitted (needs CAP_SYS_ADMIN)"
	run --separate-stderr setpriv --inh-caps=-all --bounding-set=-sys_admin "$LINKCTL" -j link list
	assert_failure 1
	assert_equal "$(jqo -c .)" '{"error":"cannot iterate link IDs: Operation not permitted (needs CAP_SYS_ADMIN)","code":"permission"}'
}

@test "list: owner and prog filters refuse 0 and out-of-range values (exit 2)" {
	for args in "owner 0" "owner 4294967295" "prog 0"; do
		run --separate-stderr "$LINKCTL" -j link list $args
		assert_failure 2
		assert_json
	done
	run --separate-stderr "$LINKCTL" link list owner 2147483648
	assert_failure 2
	assert_equal "$stderr" "Error: link: invalid PID '2147483648' for 'owner'"
}

@test "list: dev takes an alternative name like ip does" {
	ip -n "$NS" link property add dev veth0 altname lcalt0
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	run lcj link list dev lcalt0
	assert_success
	assert_equal "$(jqo '[.[].id] | join(",")')" "$HOLD_IDS"
	assert_equal "$(jqo '.[0].devname')" "veth0"
}

@test "list: libxdp's dispatcher links (freplace): prog_type ext on the dispatcher, attach_type null" {
	# libxdp pins under LIBXDP_BPFFS: the test's own bpffs
	run env LIBXDP_BPFFS="$BPFFS" ip netns exec "$NS" xdp-loader load -m skb veth0 \
		"$BPF_DIR/xdp_pass.bpf.o" "$BPF_DIR/xdp_drop.bpf.o"
	if [ "$status" -ne 0 ] && [[ "$output" == *"does not support the features needed"* ]]; then
		skip "libxdp's dispatcher (freplace): not supported by kernel $(uname -r) (no ftrace)"
	fi
	assert_success
	local disp pass_prog
	disp=$(ip_xdp_prog_id veth0)
	run lcj link list type tracing
	assert_success
	assert_equal "$(jqo --argjson d "$disp" -c '[.[] | select(.target_obj_id == $d) | [.prog_name, .prog_type, .attach_type, .libxdp_dispatcher]] | sort')" \
		'[["xdp_drop","ext",null,true],["xdp_pass","ext",null,true]]'
	pass_prog=$(jqo --argjson d "$disp" '.[] | select(.target_obj_id == $d and .prog_name == "xdp_pass") | .prog_id')
	assert_equal "$(bpftool -j prog show id "$pass_prog" | jq -r .type)" "ext"
	run lc link list prog "$pass_prog"
	assert_success
	assert_line --index 1 --regexp "^	prog_type ext  target_obj_id $disp  target_btf_id [0-9]+  \\(a slot of libxdp's dispatcher\\)\$"
	assert_line --index 2 --regexp "^	pinned $BPFFS/xdp/dispatch-$IFINDEX0-$disp/prog[01]-link\$"
	env LIBXDP_BPFFS="$BPFFS" ip netns exec "$NS" xdp-loader unload veth0 --all
}

# Both ways of reading links: the iterator (LINKCTL_BPF_ITER=1: even for a few links) and
# the walk over IDs (LINKCTL_BPF_ITER=0).
list_both() {
	local mode=$1
	shift
	ITER_OUT=$(LINKCTL_BPF_ITER=1 "$LINKCTL" $mode --bpffs "$BPFFS" -n "$NS" link list "$@")
	WALK_OUT=$(LINKCTL_BPF_ITER=0 "$LINKCTL" $mode --bpffs "$BPFFS" -n "$NS" link list "$@")
}

# The link iterator reads each type's info in the kernel, the walk over link IDs reads it
# by fd: every type the iterator reads (and perf_event, which it leaves to the walk's
# call, among them) prints the same bytes both ways, in text and JSON.
@test "list: the link iterator and the ID walk print the same, for every link type it reads" {
	local cgroot pids=() pid mode lid lid2
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	pids+=("$HOLD_PID")
	# a detached XDP link (defunct): its device is gone
	ip -n "$NS" link add gone0 type veth peer name gone1
	ip -n "$NS" link set gone0 up
	hold -n "$NS" xdp gone0 "$BPF_DIR/xdp_pass.bpf.o" skb
	pids+=("$HOLD_PID")
	ip -n "$NS" link del gone0
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2
	pids+=("$HOLD_PID")
	lid=${HOLD_IDS%% *}
	lid2=${HOLD_IDS##* }
	lc link pin id "$lid" "$BPFFS/rawtp"
	hold iter "$BPF_DIR/iter_map.bpf.o"
	pids+=("$HOLD_PID")
	hold perf "$BPF_DIR/perf_event.bpf.o"
	pids+=("$HOLD_PID")
	hold -n "$NS" netns "$BPF_DIR/sk_lookup.bpf.o"
	pids+=("$HOLD_PID")
	cgroot=$(findmnt -n -o TARGET -t cgroup2 | head -1)
	if [ -n "$cgroot" ]; then
		CGDIR="$cgroot/$NS"
		mkdir "$CGDIR"
		hold cgroup "$CGDIR" "$BPF_DIR/cgroup_skb.bpf.o"
		pids+=("$HOLD_PID")
	fi
	if "$HOLD" -n "$NS" probe-tcx lo "$BPF_DIR/tc_pass.bpf.o"; then
		hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o" egress
		pids+=("$HOLD_PID")
	fi
	# netfilter links (6.4+), with and without IP defragmentation (6.6+)
	if hold netfilter "$BPF_DIR/nf_accept.bpf.o" 2 1 -128; then
		pids+=("$HOLD_PID")
	fi
	if hold netfilter "$BPF_DIR/nf_accept.bpf.o" 10 3 -100 defrag; then
		pids+=("$HOLD_PID")
	fi
	for pid in "${pids[@]}"; do
		for mode in "" -j; do
			list_both "$mode" owner "$pid"
			[ -n "$ITER_OUT" ] && [ "$ITER_OUT" != "[]" ]
			assert_equal "$ITER_OUT" "$WALK_OUT"
		done
	done
	# one program for both links where the kernel allows it (6.1 wants a program per link)
	local p1 p2 want
	p1=$(link_fdinfo "${pids[2]}" "$lid" prog_id)
	p2=$(link_fdinfo "${pids[2]}" "$lid2" prog_id)
	want="[[$lid,[\"$BPFFS/rawtp\"]]"
	[ "$p1" != "$p2" ] || want+=",[$lid2,[]]"
	list_both -j prog "$p1"
	assert_equal "$(echo "$ITER_OUT" | jq -c '[.[] | [.id, .pinned]]')" "$want]"
	assert_equal "$ITER_OUT" "$WALK_OUT"
	# the detached link: defunct both ways
	list_both -j owner "${pids[1]}"
	assert_equal "$(echo "$ITER_OUT" | jq -c '[.[] | [.ifindex, .devname, .devname_reason, .defunct]]')" \
		'[[0,null,"detached",true]]'
	# -d says which way ran, and why
	run --separate-stderr env LINKCTL_BPF_ITER=1 "$LINKCTL" -d -j link list owner "${pids[0]}"
	assert_success
	assert_equal "$(echo "$stderr" | grep -c '^linkctl: links: read by the link iterator$')" 1
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -d -j link list owner "${pids[0]}"
	assert_success
	assert_equal "$(echo "$stderr" | grep -c '^linkctl: links: the link iterator cannot run (the link iterator is turned off (LINKCTL_BPF_ITER=0)): walking link IDs$')" 1
}
