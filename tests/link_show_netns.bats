#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# `link show id N` of a device link (xdp, tcx) whose device is in another network namespace,
# with the same ifindex as a device here: its device is read through linkctl's own fd of the
# link (bpf/self_links.bpf.c), not by a pass over every link, and its namespace is named
# without the pass over every process's fds. The output is the one today's paths print
# (LINKCTL_SELF_ITER=0: the link iterator and the node's whole namespace list), checked
# against ip -d link, bpftool, /run/netns and the holders' fdinfo.

load helpers
load xdp_helpers

setup() {
	lc_setup
	second_netns_setup
}

teardown() {
	if [ -n "${HOSTDEV:-}" ]; then
		ip link del "$HOSTDEV" 2>/dev/null || true
	fi
	if [ -n "${NSMOUNT:-}" ]; then
		umount "$NSMOUNT" 2>/dev/null || true
		rm -f "$NSMOUNT"
	fi
	ip netns del "$NS2" 2>/dev/null || true
	lc_teardown
}

lc2() { "$LINKCTL" --bpffs "$BPFFS" -n "$NS2" "$@"; }
lcj2() { "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS2" "$@"; }

# linkctl from the host's namespace (neither W1 nor W2), and today's path for the same.
host() { "$LINKCTL" "$@"; }
today() { env LINKCTL_SELF_ITER=0 "$LINKCTL" "$@"; }

prog_tag() { bpftool -j prog show id "$1" | jq -r .tag; }

# The "netns" object of W2 as the witnesses have it: its inode, its name, no process in it.
w2_netns() {
	assert_equal "$(ip netns pids "$NS2")" ""
	echo "{\"ino\":$(netns_ino "$NS2"),\"name\":\"$NS2\",\"pid\":null,\"comm\":null,\"mount\":${1:-null},\"fd_holder\":null}"
}

# show_both ARGS: `link show ARGS` by the own-fd read and by today's path, text and JSON:
# identical (one after the other, never both at once: each would hold the link). Leaves
# the JSON in $output and the text in $TEXT.
show_both() {
	local now_text now_json
	now_text=$(host link show "$@")
	assert_equal "$now_text" "$(today link show "$@")"
	now_json=$(host -j link show "$@")
	assert_equal "$now_json" "$(today -j link show "$@")"
	TEXT=$now_text
	output=$now_json
}

# W1 and W2 run the same program on veth0 (the same ifindex in both) through links pinned
# at $BPFFS/w1 and $BPFFS/w2. Sets P, L1, L2.
links_in_both() {
	run lcj xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/w1"
	assert_success
	L1=$(jqo .link_id)
	P=$(ip_xdp_field veth0 prog.id)
	run lcj2 xdp attach dev veth0 prog id "$P" pin "$BPFFS/w2"
	assert_success
	L2=$(jqo .link_id)
	assert_equal "$(ip -n "$NS2" -j link show veth0 | jq '.[0].ifindex')" "$IFINDEX0"
	assert_equal "$(ip_xdp_field veth0 prog.id "$NS2")" "$P"
	assert_equal "$(bpftool -j link show id "$L2" | jq -c '[.type, .prog_id]')" "[\"xdp\",$P]"
	[ "$L1" != "$L2" ]
}

@test "show netns: an XDP link pinned in another namespace, same ifindex and program as here: read through our own fd, as today's path prints it" {
	links_in_both
	show_both id "$L2"
	assert_equal "$(jqo -c '[.id, .type, .prog_id, .ifindex, .devname, .devname_reason, .netns, .pinned, .pids]')" \
		"[$L2,\"xdp\",$P,$IFINDEX0,null,\"unknown\",$(w2_netns),[\"$BPFFS/w2\"],[]]"
	assert_equal "$TEXT" "$L2: xdp  prog $P xdp_pass tag $(prog_tag "$P")
	ifindex $IFINDEX0  devname (unknown)  netns $NS2
	pinned $BPFFS/w2"
	# -d: which path ran, for the device and for its namespace
	run bash -c '"$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$L2"
	assert_line "linkctl: link devices of link $L2: read through our own fd of it (the self iterator)"
	assert_line "linkctl: network namespace $(netns_ino "$NS2"): named by its names, mounts and lowest pid (no pass over every process's fds)"
	# no pass over every link nor every process's fds: every iterator ran on our thread alone
	# (self_links's two passes for the device, two for the count)
	# (its exit status is not the point: LeakSanitizer, in the ASan build, fails under ptrace)
	local bpf_calls
	bpf_calls=$(strace -f -e trace=bpf "$LINKCTL" -j link show id "$L2" 2>&1 >/dev/null || true)
	assert_equal "$(grep -c 'attach_type=BPF_TRACE_ITER' <<<"$bpf_calls")" 4
	assert_equal "$(grep -c 'attach_type=BPF_TRACE_ITER.*iter_info=NULL' <<<"$bpf_calls")" 0
	assert_equal "$(strace -f -e trace=openat "$LINKCTL" -j link show id "$L2" 2>&1 >/dev/null | grep -cE '"/proc/[0-9]+/fd')" 0
}

@test "show netns: seen from each namespace, each link is here and the other's is there" {
	links_in_both
	local w1="{\"ino\":$(netns_ino),\"name\":\"$NS\",\"pid\":null,\"comm\":null,\"mount\":null,\"fd_holder\":null}"
	# from W1 (-n): L1 is on this veth0, L2 on W2's
	run --separate-stderr lcj link show id "$L1"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns]')" "[$IFINDEX0,\"veth0\",$w1]"
	assert_equal "$output" "$(env LINKCTL_SELF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" link show id "$L1")"
	run --separate-stderr lc link show id "$L1"
	assert_line --index 1 "	ifindex $IFINDEX0  devname veth0"
	assert_equal "$output" "$(env LINKCTL_SELF_ITER=0 "$LINKCTL" --bpffs "$BPFFS" -n "$NS" link show id "$L1")"
	run --separate-stderr lcj link show id "$L2"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns]')" "[$IFINDEX0,null,$(w2_netns)]"
	assert_equal "$output" "$(env LINKCTL_SELF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" link show id "$L2")"
	run --separate-stderr lc2 link show id "$L1"
	assert_line --index 1 "	ifindex $IFINDEX0  devname (unknown)  netns $NS"
	assert_equal "$output" "$(env LINKCTL_SELF_ITER=0 "$LINKCTL" --bpffs "$BPFFS" -n "$NS2" link show id "$L1")"
}

@test "show netns: a link in our own namespace (the host's): its lowest pid names it, as today" {
	HOSTDEV="lcth$RANDOM"
	ip link add "$HOSTDEV" type veth peer name "${HOSTDEV}p"
	run "$LINKCTL" -j --bpffs "$BPFFS" xdp attach dev "$HOSTDEV" prog "$XDP_PASS" skb pin "$BPFFS/h"
	assert_success
	local lid ifindex
	lid=$(jqo .link_id)
	ifindex=$(ip -j link show "$HOSTDEV" | jq '.[0].ifindex')
	show_both id "$lid"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns.ino]')" "[$ifindex,\"$HOSTDEV\",$(stat -L -c %i /proc/self/ns/net)]"
	[ "$(jqo .netns.pid)" != null ]
	run bash -c '"$0" -d link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_line "linkctl: link devices of link $lid: read through our own fd of it (the self iterator)"
}

@test "show netns: a process in the other namespace holds the link (no pin): its pid names the namespace, as today" {
	hold -n "$NS2" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS fd prog
	fd=$(link_fd "$HOLD_PID" "$lid")
	prog=$(ip_xdp_field veth0 prog.id "$NS2")
	assert_equal "$(ip netns pids "$NS2")" "$HOLD_PID"
	show_both id "$lid"
	assert_equal "$(jqo -c '[.id, .prog_id, .ifindex, .devname, .netns, .pinned, .pids]')" \
		"[$lid,$prog,$IFINDEX0,null,{\"ino\":$(netns_ino "$NS2"),\"name\":\"$NS2\",\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"mount\":null,\"fd_holder\":null},[],[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]]"
	assert_equal "$TEXT" "$lid: xdp  prog $prog xdp_pass tag $(prog_tag "$prog")
	ifindex $IFINDEX0  devname (unknown)  netns $NS2
	pids lc-hold.bin($HOLD_PID) fd $fd"
	run bash -c '"$0" -d link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_line "linkctl: link devices of link $lid: read through our own fd of it (the self iterator)"
}

@test "show netns: a namespace also bind-mounted elsewhere names its mount, as today" {
	links_in_both
	NSMOUNT=$(mktemp "/tmp/${LC_TEST_PREFIX}-nsmount.XXXXXX")
	mount --bind "/run/netns/$NS2" "$NSMOUNT"
	show_both id "$L2"
	assert_equal "$(jqo -c .netns)" "$(w2_netns "\"$NSMOUNT\"")"
}

# xdp_in_unshared PREFIX PIN: a veth pair (PREFIX and a random number) moved into the
# namespace of UNSHARED_PID, xdp_pass attached in skb mode to its first end there by a link
# pinned at PIN; sets INO (the namespace's inode), DEV, LID and PROG.
xdp_in_unshared() {
	local pid=$UNSHARED_PID
	DEV="$1$RANDOM"
	INO=$(stat -L -c %i "/proc/$pid/ns/net")
	ip link add "$DEV" type veth peer name "${DEV}p"
	ip link set "$DEV" netns "$pid"
	ip link set "${DEV}p" netns "$pid"        # both go with the namespace
	nsenter -t "$pid" -n ip link set "$DEV" up
	run --separate-stderr nsenter -t "$pid" -n "$LINKCTL" -j --bpffs "$BPFFS" xdp attach dev "$DEV" prog "$XDP_PASS" skb pin "$2"
	assert_success
	LID=$(jqo .link_id)
	PROG=$(jqo .prog_id)
}

@test "show netns: a namespace no name holds (a process's alone): every namespace is read to name it, -d says why" {
	unshared_netns
	local ino pid=$UNSHARED_PID lid prog
	xdp_in_unshared lctu "$BPFFS/u"
	ino=$INO lid=$LID prog=$PROG
	show_both id "$lid"
	assert_equal "$(jqo -c '[.prog_id, .devname, .netns]')" \
		"[$prog,null,{\"ino\":$ino,\"name\":null,\"pid\":$pid,\"comm\":\"sleep\",\"mount\":null,\"fd_holder\":null}]"
	run bash -c '"$0" -d link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_line "linkctl: link devices of link $lid: read through our own fd of it (the self iterator)"
	assert_line "linkctl: network namespace $ino: every namespace of the node is read to name it (neither a name under /run/netns nor an nsfs mount holds it)"
}

@test "show netns: a namespace only a bind mount names, with a process in it: its pid and its mount, as today, without the pass over every process's fds" {
	unshared_netns
	local ino pid=$UNSHARED_PID lid prog ifindex
	xdp_in_unshared lctm "$BPFFS/m"
	ino=$INO lid=$LID prog=$PROG
	NSMOUNT=$(mktemp "/tmp/${LC_TEST_PREFIX}-nsmount.XXXXXX")
	mount --bind "/proc/$pid/ns/net" "$NSMOUNT"
	assert_equal "$(stat -L -c %i "$NSMOUNT")" "$ino"
	ifindex=$(nsenter -t "$pid" -n ip -j link show "$DEV" | jq '.[0].ifindex')
	show_both id "$lid"
	assert_equal "$(jqo -c '[.prog_id, .ifindex, .devname, .netns, .pinned]')" \
		"[$prog,$ifindex,null,{\"ino\":$ino,\"name\":null,\"pid\":$pid,\"comm\":\"sleep\",\"mount\":\"$NSMOUNT\",\"fd_holder\":null},[\"$BPFFS/m\"]]"
	assert_equal "$TEXT" "$lid: xdp  prog $prog xdp_pass tag $(prog_tag "$prog")
	ifindex $ifindex  devname (unknown)  netns pid $pid (sleep)
	pinned $BPFFS/m"
	run bash -c '"$0" -d link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_line "linkctl: link devices of link $lid: read through our own fd of it (the self iterator)"
	assert_line "linkctl: network namespace $ino: named by its names, mounts and lowest pid (no pass over every process's fds)"
	assert_equal "$(strace -f -e trace=openat "$LINKCTL" -j link show id "$lid" 2>&1 >/dev/null | grep -cE '"/proc/[0-9]+/fd')" 0
}

@test "show netns: a tcx link in another namespace, same ifindex: read through our own fd, as today" {
	tcx_or_skip
	local out lid prog
	"$LINKCTL" --bpffs "$BPFFS" -n "$NS" tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o" >/dev/null
	out=$(lcj2 tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o" pin "$BPFFS/t2")
	lid=$(jq .link_id <<<"$out")
	prog=$(jq .prog_id <<<"$out")
	assert_equal "$(bpftool -j link show id "$lid" | jq .prog_id)" "$prog"
	assert_equal "$(ip -n "$NS2" -j link show veth0 | jq '.[0].ifindex')" "$IFINDEX0"
	show_both id "$lid"
	assert_equal "$(jqo -c '[.type, .prog_id, .ifindex, .devname, .devname_reason, .netns, .attach_type, .pinned]')" \
		"[\"tcx\",$prog,$IFINDEX0,null,\"unknown\",$(w2_netns),\"tcx_ingress\",[\"$BPFFS/t2\"]]"
	assert_equal "$TEXT" "$lid: tcx  prog $prog tc_pass tag $(prog_tag "$prog")
	ifindex $IFINDEX0  devname (unknown)  netns $NS2  attach_type tcx_ingress
	pinned $BPFFS/t2"
	run bash -c '"$0" -d link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_line "linkctl: link devices of link $lid: read through our own fd of it (the self iterator)"
}

@test "show netns: the other namespace's device deleted: the pinned link shows detached, as today" {
	links_in_both
	ip -n "$NS2" link del veth0
	for _ in $(seq 50); do
		[ "$(bpftool -j link show id "$L2" | jq '.ifindex // 0')" = 0 ] && break
		sleep 0.05
	done
	show_both id "$L2"
	assert_equal "$(jqo -c '[.ifindex, .devname, .devname_reason, .netns, .defunct, .pinned]')" \
		"[0,null,\"detached\",null,true,[\"$BPFFS/w2\"]]"
	assert_equal "$TEXT" "$L2: xdp  prog $P xdp_pass tag $(prog_tag "$P")
	ifindex 0  devname (detached)  defunct
	pinned $BPFFS/w2"
	# W1's link is not taken for it, nor touched
	run --separate-stderr lcj link show id "$L1"
	assert_equal "$(jqo -c '[.ifindex, .devname]')" "[$IFINDEX0,\"veth0\"]"
}

@test "show netns: the own-fd read turned off (LINKCTL_SELF_ITER=0): today's path, -d says why; owners the same" {
	links_in_both
	hold pin "$BPFFS/w2"
	local fd
	fd=$(link_fd "$HOLD_PID" "$L2")
	run bash -c 'LINKCTL_SELF_ITER=0 "$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$L2"
	assert_line "linkctl: link devices of link $L2: not read through our own fd of it (the self iterator is turned off (LINKCTL_SELF_ITER=0)): the link iterator reads every link"
	refute_line --partial "network namespace"
	run bash -c 'LINKCTL_BPF_ITER=0 "$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$L2"
	assert_line "linkctl: link devices of link $L2: not read through our own fd of it (the self iterator is turned off (LINKCTL_BPF_ITER=0)): the link iterator reads every link"
	show_both id "$L2"
	assert_equal "$(jqo -c '[.netns, .pids]')" "[$(w2_netns),[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]]"
}
