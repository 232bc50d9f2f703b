#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# monitor -A (--all-netns): XDP events of every network namespace of the node, each with
# its namespace, as namespaces come and go while the monitor runs. Only this test's
# namespaces are asserted about (other suites run on the node at the same time).
# Witnesses: ip -d link in each namespace, stat of the namespace files.

load helpers
load monitor_helpers

setup() {
	lc_setup
	NS2="$NS-b"
	NSINO=$(stat -L -c %i "/run/netns/$NS")
	ip netns add "$NS2"
	# the same ifindex as veth0 in the first namespace: only the namespace tells them apart
	ip -n "$NS2" link add vb0 index "$IFINDEX0" type veth peer name vb1
	ip -n "$NS2" link set vb0 up
	NS2INO=$(stat -L -c %i "/run/netns/$NS2")
	bpftool prog load "$BPF_DIR/xdp_pass.bpf.o" "$BPFFS/pass" type xdp
	PROG=$(bpftool -j prog show pinned "$BPFFS/pass" | jq .id)
}

teardown() {
	[ -z "${MNT:-}" ] || umount "$MNT" 2>/dev/null || true
	ip netns del "$NS2" 2>/dev/null || true
	ip netns del "$NS-c" 2>/dev/null || true
	lc_teardown
}

# A monitor of every namespace, its output in FILE; sets MON_PID.
start_all() {
	local file=$1
	shift
	bg "$LINKCTL" -A "$@" monitor xdp >"$file"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
}

# Wait (at most 15 s) until FILE has N lines matching PATTERN; fail, showing FILE, if not.
wait_lines() {
	local i
	for i in $(seq 150); do
		[ "$(grep -c -- "$2" "$1")" -ge "$3" ] && return 0
		sleep 0.1
	done
	fail "not $3 lines matching '$2' in $1: $(cat "$1")"
}

stop_monitor() { kill -TERM "$MON_PID"; wait "$MON_PID"; }

# Events of the namespaces with these inodes: event, netns ino, name, ifindex, devname, prog;
# the pid of an unnamed one (a named one's is whichever process was in it at the last look).
events_in() {
	jq -sr --argjson inos "[$(echo "$2" | tr ' ' ',')]" \
		'.[] | select(.netns.ino as $i | $inos | index($i)) |
		 [.event, .netns.ino, (.netns.name // "-"), (if .netns.name then "-" else .netns.pid end), .ifindex, .devname, .prog_id, .attached] | @tsv' "$1"
}

same_ifindex_two_netns() {
	start_all "$BATS_TEST_TMPDIR/m.json" -j
	local json_pid=$MON_PID
	start_all "$BATS_TEST_TMPDIR/m.txt"
	ip -n "$NS" link set veth0 xdpgeneric pinned "$BPFFS/pass"
	ip -n "$NS2" link set vb0 xdpgeneric pinned "$BPFFS/pass"
	[ "$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')" = "$PROG" ]
	[ "$(ip -n "$NS2" -j -d link show vb0 | jq '.[0].xdp.prog.id')" = "$PROG" ]
	[ "$(ip -n "$NS2" -j link show vb0 | jq '.[0].ifindex')" = "$IFINDEX0" ]
	NETNS2_OBJ=$("$LINKCTL" -A -j xdp show | jq -c --argjson i "$NS2INO" 'first(.[] | select(.netns.ino == $i)) | .netns')
	[ -n "$NETNS2_OBJ" ]
	# the attach read before the detach: a hook read after both would see neither
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"ino\":$NS2INO" 1
	wait_lines "$BATS_TEST_TMPDIR/m.txt" "netns $NS2 " 1
	ip -n "$NS2" link set vb0 xdpgeneric off
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"ino\":$NS2INO" 2
	wait_lines "$BATS_TEST_TMPDIR/m.txt" "netns $NS2 " 2
	stop_monitor
	MON_PID=$json_pid
	stop_monitor
	run events_in "$BATS_TEST_TMPDIR/m.json" "$NSINO $NS2INO"
	assert_output "$(printf '%s\n' \
		"attach	$NSINO	$NS	-	$IFINDEX0	veth0	$PROG	netlink" \
		"attach	$NS2INO	$NS2	-	$IFINDEX0	vb0	$PROG	netlink" \
		"detach	$NS2INO	$NS2	-	$IFINDEX0	vb0	$PROG	netlink")"
	# the object xdp show -A prints (the shared printer; who is in the namespace may differ)
	run jq -sc --argjson i "$NS2INO" '[.[] | select(.netns.ino == $i) | .netns | del(.pid, .comm) | keys]' "$BATS_TEST_TMPDIR/m.json"
	assert_output "$(jq -c '[., .] | map(del(.pid, .comm) | keys)' <<<"$NETNS2_OBJ")"
	run grep -E " netns ($NS|$NS2) " "$BATS_TEST_TMPDIR/m.txt"
	assert_line --index 0 --regexp "^[0-9T:Z-]+ attach netns $NS dev veth0 mode skb prog $PROG xdp_pass via netlink\$"
	assert_line --index 1 --regexp "^[0-9T:Z-]+ attach netns $NS2 dev vb0 mode skb prog $PROG xdp_pass via netlink\$"
	assert_line --index 2 --regexp "^[0-9T:Z-]+ detach netns $NS2 dev vb0 mode skb prog $PROG xdp_pass via netlink\$"
	assert_equal "${#lines[@]}" 3
}

@test "monitor -A: the same ifindex and program in two namespaces: each attach carries its namespace" {
	same_ifindex_two_netns
}

@test "monitor -A: the same with the link iterator off (LINKCTL_BPF_ITER=0)" {
	LINKCTL_BPF_ITER=0 same_ifindex_two_netns
}

@test "monitor -A: namespaces created after the start, named and unnamed, are watched" {
	start_all "$BATS_TEST_TMPDIR/m.json" -j
	ip netns add "$NS-c"
	ip -n "$NS-c" link add vc0 type veth peer name vc1
	ip -n "$NS-c" link set vc0 xdpgeneric pinned "$BPFFS/pass"
	local cino cidx
	cino=$(stat -L -c %i "/run/netns/$NS-c")
	cidx=$(ip -n "$NS-c" -j link show vc0 | jq '.[0].ifindex')
	bg unshare --net sleep 1000
	local upid=$BG_PID uino uidx
	for _ in $(seq 50); do
		[ "$(stat -L -c %i "/proc/$upid/ns/net")" != "$(stat -L -c %i /proc/self/ns/net)" ] && break
		sleep 0.05
	done
	uino=$(stat -L -c %i "/proc/$upid/ns/net")
	nsenter --net="/proc/$upid/ns/net" ip link add vu0 type veth peer name vu1
	# attached once the monitor had a look at the namespace: a notification, not a rescan
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"ino\":$cino" 1
	sleep 1
	nsenter --net="/proc/$upid/ns/net" ip link set vu0 xdpgeneric pinned "$BPFFS/pass"
	uidx=$(nsenter --net="/proc/$upid/ns/net" ip -j link show vu0 | jq '.[0].ifindex')
	[ "$(nsenter --net="/proc/$upid/ns/net" ip -j -d link show vu0 | jq '.[0].xdp.prog.id')" = "$PROG" ]
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"ino\":$uino" 1
	stop_monitor
	run events_in "$BATS_TEST_TMPDIR/m.json" "$cino $uino"
	assert_output "$(printf '%s\n' \
		"attach	$cino	$NS-c	-	$cidx	vc0	$PROG	netlink" \
		"attach	$uino	-	$upid	$uidx	vu0	$PROG	netlink")"
	run jq -sr --argjson i "$uino" '.[] | select(.netns.ino == $i) | [.netns.name, .netns.comm] | @json' "$BATS_TEST_TMPDIR/m.json"
	assert_output '[null,"sleep"]'
}

@test "monitor -A: a namespace deleted while watched ends with the detach of its hooks, labelled as it was" {
	ip -n "$NS2" link set vb0 xdpgeneric pinned "$BPFFS/pass"
	ip -n "$NS2" link set vb1 netns "$NS"
	start_all "$BATS_TEST_TMPDIR/m.json" -j
	local json_pid=$MON_PID
	start_all "$BATS_TEST_TMPDIR/m.txt"
	ip netns del "$NS2"
	wait_lines "$BATS_TEST_TMPDIR/m.txt" "netns $NS2 " 1
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"ino\":$NS2INO" 1
	# the monitors' sockets let the namespace go: its veth pair is destroyed, vb1 in $NS too
	for _ in $(seq 50); do
		ip -n "$NS" link show vb1 >/dev/null 2>&1 || break
		sleep 0.1
	done
	run ip -n "$NS" link show vb1
	assert_failure
	kill -0 "$MON_PID" && kill -0 "$json_pid"
	stop_monitor
	MON_PID=$json_pid
	stop_monitor
	run events_in "$BATS_TEST_TMPDIR/m.json" "$NS2INO"
	assert_output "detach	$NS2INO	$NS2	-	$IFINDEX0	vb0	$PROG	netlink"
	run grep " netns $NS2 " "$BATS_TEST_TMPDIR/m.txt"
	assert_output --regexp "^[0-9T:Z-]+ detach netns $NS2 dev vb0 mode skb prog $PROG xdp_pass via netlink\$"
}

@test "monitor -A: dev names a device of one namespace: refused, in text and JSON" {
	run --separate-stderr "$LINKCTL" -A monitor dev veth0 timeout 1
	assert_failure 2
	assert_equal "$stderr" "Error: monitor: 'dev' names a device of one namespace: not with -A"
	run --separate-stderr "$LINKCTL" -A -j monitor dev veth0 timeout 1
	assert_failure 2
	assert_equal "$(jqo -c .)" '{"error":"monitor: '"'"'dev'"'"' names a device of one namespace: not with -A","code":"usage"}'
	run --separate-stderr "$LINKCTL" -A -n "$NS" monitor
	assert_failure 2
}

@test "monitor -A: an XDP link's events carry its device's namespace; a link without a device has none" {
	bg "$LINKCTL" -A -j monitor >"$BATS_TEST_TMPDIR/m.json"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
	hold -n "$NS2" xdp vb0 "$BPF_DIR/xdp_pass.bpf.o" skb
	local xdp_link=$HOLD_IDS
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	local raw_link=$HOLD_IDS
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"link_id\":$raw_link," 1
	wait_lines "$BATS_TEST_TMPDIR/m.json" "\"link_id\":$xdp_link[,}]" 2
	stop_monitor
	run jq -sr --argjson l "$xdp_link" '.[] | select(.link_id == $l) | [.event, .ifindex, .netns.ino, .netns.name] | @tsv' "$BATS_TEST_TMPDIR/m.json"
	assert_output "$(printf '%s\n' "attach	$IFINDEX0	$NS2INO	$NS2" "link-new	$IFINDEX0	$NS2INO	$NS2" | sort)"
	run jq -sc --argjson l "$raw_link" '[.[] | select(.link_id == $l) | [.event, has("netns")]]' "$BATS_TEST_TMPDIR/m.json"
	assert_output '[["link-new",false]]'
}

# NS2 kept only by an nsfs bind mount outside /run/netns (its name deleted), its vb0
# running xdp_pass; a monitor (ARGS) started on it; then the mount goes. Sets MNT.
mount_held_then_unmounted() {
	ip -n "$NS2" link set vb0 xdpgeneric pinned "$BPFFS/pass"
	MNT="$BATS_TEST_TMPDIR/ns2-mount"
	touch "$MNT"
	mount --bind "/run/netns/$NS2" "$MNT"
	ip netns del "$NS2"
	[ "$(stat -L -c %i "$MNT")" = "$NS2INO" ]
	start_all "$BATS_TEST_TMPDIR/m.out" "$@"
	umount "$MNT"
}

# The label of a namespace that went away is a copy the monitor owns: the list it was read
# from (which owned the mount path) is freed by that same rescan (ASan: a use after free).
@test "monitor -A: a namespace kept by an nsfs mount, unmounted while watched: its detach is labelled by the mount" {
	mount_held_then_unmounted -j
	wait_lines "$BATS_TEST_TMPDIR/m.out" "\"ino\":$NS2INO" 1
	stop_monitor
	run jq -sc --argjson i "$NS2INO" '[.[] | select(.netns.ino == $i) | [.event, .netns.name, .netns.mount, .devname, .prog_id]]' "$BATS_TEST_TMPDIR/m.out"
	assert_output "[[\"detach\",null,\"$MNT\",\"vb0\",$PROG]]"
}

@test "monitor -A: the same in text" {
	mount_held_then_unmounted
	wait_lines "$BATS_TEST_TMPDIR/m.out" "netns $MNT " 1
	stop_monitor
	run grep -F " dev vb0 " "$BATS_TEST_TMPDIR/m.out"
	assert_output --regexp "^[0-9T:Z-]+ detach netns $MNT dev vb0 mode skb prog $PROG xdp_pass via netlink\$"
}

# Another linkctl -A (a second monitor) holds an fd on every namespace while it looks:
# played here by a process named linkctl-scan that keeps a socket in NAMESPACE (no look can
# see that) and an fd on it during 40 ms of every 100. Sets SCAN_PID.
linkctl_scan_like() {
	local out="$BATS_TEST_TMPDIR/scan"
	bg python3 -c 'import ctypes, fcntl, os, socket, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(15, b"linkctl-scan")
home = os.open("/proc/self/ns/net", os.O_RDONLY)
ns = os.open(sys.argv[1], os.O_RDONLY)
assert libc.setns(ns, 0x40000000) == 0
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
assert libc.setns(home, 0x40000000) == 0
os.close(ns)
print("ready", flush=True)
while True:
    fd = fcntl.ioctl(s.fileno(), 0x894C)    # SIOCGSKNS: an fd on the socket'"'"'s namespace
    time.sleep(0.04)
    os.close(fd)
    time.sleep(0.06)' "$1" >"$out"
	SCAN_PID=$BG_PID
	for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
	[ "$(cat "$out")" = ready ]
}

# Before, the monitor found the deleted namespace again whenever its look met the other's:
# attach and detach over and over, labelled by the other's fd.
deleted_beside_another_scan() {
	ip -n "$NS2" link set vb0 xdpgeneric pinned "$BPFFS/pass"
	linkctl_scan_like "/run/netns/$NS2"
	start_all "$BATS_TEST_TMPDIR/m.out" "$@"
	ip netns del "$NS2"
	wait_lines "$BATS_TEST_TMPDIR/m.out" "$NS2INO\|netns $NS2 " 1
	sleep 2         # twenty looks and more, each of which used to meet the other's half the time
	stop_monitor
	kill "$SCAN_PID"
}

@test "monitor -A: a deleted namespace that only another linkctl's looks find is let go once, labelled as it was" {
	deleted_beside_another_scan -j
	run events_in "$BATS_TEST_TMPDIR/m.out" "$NS2INO"
	assert_output "detach	$NS2INO	$NS2	-	$IFINDEX0	vb0	$PROG	netlink"
}

@test "monitor -A: the same in text, beside another linkctl's looks" {
	deleted_beside_another_scan
	run grep -E " dev vb[01] " "$BATS_TEST_TMPDIR/m.out"
	assert_output --regexp "^[0-9T:Z-]+ detach netns $NS2 dev vb0 mode skb prog $PROG xdp_pass via netlink\$"
}

# NS2 (vb0 running xdp_pass), its name deleted, kept by two fds: first (the lower pid) one
# of a process named linkctl-scan, as if a linkctl were looking, then python3's (FD_PID,
# FD_NUM): the list of namespaces names the first holder only.
held_by_a_real_fd_behind_a_linkctl() {
	local out="$BATS_TEST_TMPDIR/fd"
	ip -n "$NS2" link set vb0 xdpgeneric pinned "$BPFFS/pass"
	bg python3 -c 'import ctypes, os, sys, time
ctypes.CDLL(None).prctl(15, b"linkctl-scan")
os.open(sys.argv[1], os.O_RDONLY)
print("ready", flush=True)
time.sleep(1000)' "/run/netns/$NS2" >"$out.scan"
	bg python3 -c 'import os, sys, time
print(os.open(sys.argv[1], os.O_RDONLY), flush=True)
time.sleep(1000)' "/run/netns/$NS2" >"$out"
	FD_PID=$BG_PID
	for _ in $(seq 100); do [ -s "$out" ] && [ -s "$out.scan" ] && break; sleep 0.05; done
	FD_NUM=$(cat "$out")
	ip netns del "$NS2"
}

@test "monitor -A: a namespace a process's fd keeps stays watched when a linkctl's fd on it is found first" {
	held_by_a_real_fd_behind_a_linkctl
	start_all "$BATS_TEST_TMPDIR/m.out" -j
	nsenter --net="/proc/$FD_PID/fd/$FD_NUM" ip link set vb0 xdpgeneric off
	wait_lines "$BATS_TEST_TMPDIR/m.out" "\"ino\":$NS2INO" 1
	stop_monitor
	run jq -c --argjson i "$NS2INO" 'select(.netns.ino == $i) | [.event, .devname, .prog_id, .netns.fd_holder]' "$BATS_TEST_TMPDIR/m.out"
	assert_output "[\"detach\",\"vb0\",$PROG,{\"pid\":$FD_PID,\"comm\":\"python3\",\"fd\":$FD_NUM}]"
}
