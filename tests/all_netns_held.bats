#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# -A and audit on namespaces that no name and no process keeps: one kept only by an nsfs bind
# mount in a temp dir, one kept only by an fd a process holds (python3, after the process that
# made the namespace exited). Each gets veth1 with a netlink XDP program and a pair with an
# XDP link; xdp show -A, link list -A and audit find them, text and JSON; once the mount or
# the fd is gone, so is the namespace. Witnesses: nsenter --net=PATH ip -d link, bpftool,
# stat of the namespace file.

load helpers
load xdp_helpers

setup() {
	lc_setup
	HELD_MOUNT=
	unshared_netns
	MAKER_PID=$UNSHARED_PID
	ip -n "$NS" link set veth1 netns "$MAKER_PID"
}

teardown() {
	[ -z "$HELD_MOUNT" ] || umount "$HELD_MOUNT" 2>/dev/null || true
	lc_teardown
}

# The process that made the namespace exits: from now on only HELD (a path) keeps it.
maker_exits() {
	kill "$MAKER_PID"
	wait "$MAKER_PID" 2>/dev/null || true
	[ ! -e /proc/"$MAKER_PID" ]
}

held_by_mount() {
	HELD_MOUNT="$BATS_TEST_TMPDIR/netns file"
	touch "$HELD_MOUNT"
	mount --bind /proc/"$MAKER_PID"/ns/net "$HELD_MOUNT"
	maker_exits
	HELD=$HELD_MOUNT
	LABEL=$HELD_MOUNT
}

held_by_fd() {
	local out="$BATS_TEST_TMPDIR/fd"
	bg python3 -c 'import os, sys, time
print(os.open(sys.argv[1], os.O_RDONLY), flush=True)
time.sleep(1000)' /proc/"$MAKER_PID"/ns/net >"$out"
	FD_PID=$BG_PID
	for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
	FD_NUM=$(cat "$out")
	maker_exits
	HELD=/proc/$FD_PID/fd/$FD_NUM
	LABEL="pid $FD_PID (python3) fd $FD_NUM"
}

in_h() { nsenter --net="$HELD" "$@"; }

# veth1: a netlink XDP program (UPROG); a0: an XDP link pinned at $BPFFS/h (HLINK, HPROG).
attach_inside() {
	HINO=$(stat -L -c %i "$HELD")
	in_h ip link set veth1 up
	in_h ip link set dev veth1 xdpgeneric obj "$BPF_DIR/xdp_drop.bpf.o" sec xdp
	UPROG=$(in_h ip -d -j link show veth1 | jq '.[0].xdp.prog.id')
	UIFINDEX=$(in_h ip -j link show veth1 | jq '.[0].ifindex')
	[ "$UPROG" -gt 0 ]
	in_h ip link add a0 type veth peer name a1
	in_h "$LINKCTL" --bpffs "$BPFFS" xdp attach dev a0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/h" >/dev/null
	HLINK=$(bpftool -j link show pinned "$BPFFS/h" | jq .id)
	HPROG=$(in_h ip -d -j link show a0 | jq '.[0].xdp.prog.id')
	AIFINDEX=$(in_h ip -j link show a0 | jq '.[0].ifindex')
	[ "$(bpftool -j link show id "$HLINK" | jq .prog_id)" = "$HPROG" ]
}

# Everything -A and audit say about the held namespace; $1 is its expected JSON object.
check_found() {
	local netns=$1
	run -0 "$LINKCTL" -A -j xdp show
	assert_json
	assert_equal "$(jqo -c --argjson i "$HINO" '.[] | select(.netns.ino == $i and .devname == "veth1") | [.ifindex, .netns, .modes[0].mode, .modes[0].prog_id, .modes[0].attached, .modes[0].link_id]')" \
		"[$UIFINDEX,$netns,\"skb\",$UPROG,\"netlink\",null]"
	assert_equal "$(jqo -c --argjson i "$HINO" '.[] | select(.netns.ino == $i and .devname == "a0") | [.ifindex, .modes[0].prog_id, .modes[0].attached, .modes[0].link_id]')" \
		"[$AIFINDEX,$HPROG,\"link\",$HLINK]"
	run -0 "$LINKCTL" -A xdp show
	assert_line --regexp "^netns $(regex_quote "$LABEL")  $UIFINDEX: veth1  skb  prog $UPROG xdp_drop tag [0-9a-f]+  attached netlink\$"
	run -0 "$LINKCTL" -A -j link show id "$HLINK"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns]')" "[$AIFINDEX,\"a0\",$netns]"
	# without -A: the device unnamed, its namespace the same object
	run -0 "$LINKCTL" -j link show id "$HLINK"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns]')" "[$AIFINDEX,null,$netns]"
	run -0 "$LINKCTL" link show id "$HLINK"
	assert_line "	ifindex $AIFINDEX  devname (unknown)  netns $LABEL"
	run -0 "$LINKCTL" -A link list
	assert_line "	ifindex $AIFINDEX  devname a0  netns $LABEL"
	# a listing without -A names it the same; the pass over every process's fds runs only
	# for a namespace no name, mount or process keeps
	run -0 --separate-stderr "$LINKCTL" -d -j link list prog "$HPROG"
	assert_equal "$(jqo -c '[.[] | [.id, .netns]]')" "[[$HLINK,$netns]]"
	if [ "$(jq -c .fd_holder <<<"$netns")" = null ]; then
		[[ "$stderr" != *"every process's fds are read"* ]]
	else
		[[ "$stderr" == *"network namespace $HINO: no name, mount or process keeps it: every process's fds are read"* ]]
	fi
	run -0 "$LINKCTL" link list prog "$HPROG"
	assert_line "	ifindex $AIFINDEX  devname (unknown)  netns $LABEL"
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(jqo -c --argjson p "$UPROG" '.findings[] | select(.code == "xdp-netlink" and .prog_id == $p) | [.ifindex, .devname, .netns]')" \
		"[$UIFINDEX,\"veth1\",$netns]"
	[ -z "$(jqo --argjson p "$HPROG" '.findings[] | select(.prog_id == $p)')" ]
	run -1 "$LINKCTL" audit
	assert_line --regexp "^xdp-netlink +netns $(regex_quote "$LABEL")  $UIFINDEX: veth1  skb  prog $UPROG: attached via netlink"
}

# Detached, unpinned, the keeper dropped ($1): neither -A nor audit lists the namespace.
check_gone() {
	in_h ip link set dev veth1 xdpgeneric off
	[ -z "$(in_h ip -d -j link show veth1 | jq -r '.[0].xdp // empty')" ]
	run --separate-stderr "$LINKCTL" -j audit
	assert_json
	[ -z "$(jqo --argjson p "$UPROG" '.findings[] | select(.prog_id == $p)')" ]
	rm "$BPFFS/h"
	"$@"
	# veth1 went with the namespace: no veth1 anywhere is not_found, unless another
	# namespace of the host happens to have one; either way none is in the dropped one.
	run --separate-stderr "$LINKCTL" -A -j xdp show dev veth1
	if [ "$status" -ne 0 ]; then
		assert_equal "$status" 1
		assert_equal "$(jqo -r .code)" not_found
		return
	fi
	assert_equal "$(jqo --argjson i "$HINO" '[.[] | select(.netns.ino == $i)] | length')" 0
}

regex_quote() { sed 's/[][\.*^$()+?{}|/]/\\&/g' <<<"$1"; }

@test "a namespace kept only by a bind mount outside /run/netns: named by its path" {
	held_by_mount
	attach_inside
	check_found "{\"ino\":$HINO,\"name\":null,\"pid\":null,\"comm\":null,\"mount\":\"$HELD_MOUNT\",\"fd_holder\":null}"
	check_gone umount "$HELD_MOUNT"
}

@test "a namespace kept only by a process's fd: named after that process and fd" {
	held_by_fd
	attach_inside
	# the witness of the holder: the fd's link names the namespace
	assert_equal "$(readlink /proc/"$FD_PID"/fd/"$FD_NUM")" "net:[$HINO]"
	[ "$(stat -L -c %i /proc/"$FD_PID"/ns/net)" != "$HINO" ]
	want="{\"ino\":$HINO,\"name\":null,\"pid\":null,\"comm\":null,\"mount\":null,\"fd_holder\":{\"pid\":$FD_PID,\"comm\":\"python3\",\"fd\":$FD_NUM}}"
	check_found "$want"
	# without BPF iterators (the nsfs fd one included): a readlink of every fd under /proc
	LINKCTL_BPF_ITER=0 run -0 --separate-stderr "$LINKCTL" -d -A -j xdp show dev veth1
	assert_equal "$(jqo -c --argjson i "$HINO" '.[] | select(.netns.ino == $i) | .netns')" "$want"
	[[ "$stderr" == *"namespaces held by fds: read from /proc"* ]]
	run -0 --separate-stderr "$LINKCTL" -d -A -j xdp show dev veth1
	[[ "$stderr" != *"namespaces held by fds: read from /proc"* ]]
	check_gone kill "$FD_PID"
}

@test "a namespace with a process in it is named after the process, and its bind mount is shown" {
	HELD_MOUNT="$BATS_TEST_TMPDIR/m"
	touch "$HELD_MOUNT"
	mount --bind /proc/"$MAKER_PID"/ns/net "$HELD_MOUNT"
	HELD=$HELD_MOUNT
	attach_inside
	LABEL="pid $MAKER_PID (sleep)"
	check_found "{\"ino\":$HINO,\"name\":null,\"pid\":$MAKER_PID,\"comm\":\"sleep\",\"mount\":\"$HELD_MOUNT\",\"fd_holder\":null}"
}
