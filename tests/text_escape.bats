#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Text output escapes control bytes in names (pins, process names, devices) as JSON does,
# so a newline in a pin cannot forge a line and an ESC never reaches the terminal.

load helpers

ESC=$'\033'

@test "a pin path with a newline and an ESC: one escaped line in text, the bytes in JSON" {
	local pin="$BPFFS/p"$'\n'"forged${ESC}[31m"
	run --separate-stderr lc xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$pin"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 $'\t'"pinned $BPFFS/p\\nforged\\u001b[31m"
	refute_output --partial "$ESC"
	local id
	id=$(lcj link show pinned "$pin" | jq .id)
	run --separate-stderr lc link show id "$id"
	assert_success
	assert_line $'\t'"pinned $BPFFS/p\\nforged\\u001b[31m"
	refute_output --partial "$ESC"
	run --separate-stderr lc xdp show dev veth0
	assert_equal "${#lines[@]}" 2
	run --separate-stderr lcj link show id "$id"
	assert_equal "$(jqo -c .pinned)" "$(jq -cn --arg p "$pin" '[$p]')"
	# an error naming it stays one line, escaped the same way
	run --separate-stderr lc link pin id 4000000000 "$pin"x
	assert_equal "$stderr" "Error: no link with id 4000000000"
	run --separate-stderr lc link unpin "$pin"x
	assert_equal "$stderr" "Error: cannot open pinned object $BPFFS/p\\nforged\\u001b[31mx: No such file or directory"
}

@test "a process name with an ESC is escaped in the owners" {
	local bin="$BATS_TEST_TMPDIR/h${ESC}x"
	cp "$HOLD" "$bin"
	HOLD="$bin" hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local fd
	fd=$(link_fd "$HOLD_PID" "$HOLD_IDS")
	run --separate-stderr lc link show id "$HOLD_IDS"
	assert_success
	assert_line $'\t'"pids h\\u001bx($HOLD_PID) fd $fd"
	refute_output --partial "$ESC"
	run --separate-stderr lcj link show id "$HOLD_IDS"
	assert_equal "$(jqo -r '.pids[0].comm')" "h${ESC}x"
}

@test "a device name with an ESC is escaped in xdp show and xdp detach" {
	local dev="d${ESC}x"
	ip -n "$NS" link add "$dev" type veth peer name e0
	ip -n "$NS" link set "$dev" up
	ip -n "$NS" link set e0 up
	ip -n "$NS" link set "$dev" xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	local ifindex
	# (ip -j prints the ESC raw: not JSON) the ifindex from the text form
	ifindex=$(ip -n "$NS" -o link show dev "$dev" | cut -d: -f1)
	run --separate-stderr lc xdp show
	assert_success
	assert_line --regexp "^$ifindex: d\\\\u001bx  skb  prog [0-9]+ xdp_pass "
	refute_output --partial "$ESC"
	run --separate-stderr lcj xdp show
	assert_equal "$(jqo -r --argjson i "$ifindex" '.[] | select(.ifindex == $i) | .devname')" "$dev"
	run --separate-stderr lc xdp detach dev "$dev"
	assert_success
	assert_output --regexp "^$ifindex: d\\\\u001bx  skb"
	refute_output --partial "$ESC"
}

@test "a namespace held by a process whose name has an ESC: escaped where the namespace is named" {
	local bin="$BATS_TEST_TMPDIR/s${ESC}x" upid uino
	cp "$(command -v sleep)" "$bin"
	bg unshare --net "$bin" 1000
	upid=$BG_PID
	for _ in $(seq 50); do
		[ "$(readlink /proc/"$upid"/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
		sleep 0.05
	done
	uino=$(stat -L -c %i /proc/"$upid"/ns/net)
	assert_equal "$(cat /proc/"$upid"/comm)" "s${ESC}x"
	ip -n "$NS" link set veth1 netns "$upid"
	nsenter --net=/proc/"$upid"/ns/net ip link set veth1 up
	nsenter --net=/proc/"$upid"/ns/net "$LINKCTL" --bpffs "$BPFFS" xdp attach dev veth1 \
		prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/u" >/dev/null
	local id
	id=$(bpftool -j link show pinned "$BPFFS/u" | jq .id)
	run --separate-stderr "$LINKCTL" link show id "$id"
	assert_success
	assert_line --partial "  netns pid $upid (s\\u001bx)"
	refute_output --partial "$ESC"
	run --separate-stderr "$LINKCTL" -A xdp show dev veth1
	assert_line --regexp "^netns pid $upid \\(s\\\\u001bx\\)  [0-9]+: veth1  "
	refute_output --partial "$ESC"
	run --separate-stderr "$LINKCTL" -j link show id "$id"
	assert_equal "$(jqo -c '[.netns.ino, .netns.pid]')" "[$uino,$upid]"
	assert_equal "$(jqo -r .netns.comm)" "s${ESC}x"
}

@test "a device name with an ESC is escaped in tcx show" {
	tcx_or_skip
	local dev="t${ESC}x" ifindex
	ip -n "$NS" link add "$dev" type veth peer name t0
	ip -n "$NS" link set "$dev" up
	ifindex=$(ip -n "$NS" -o link show dev "$dev" | cut -d: -f1)
	lc tcx attach dev "$dev" ingress prog "$BPF_DIR/tc_pass.bpf.o" pin "$BPFFS/t" >/dev/null
	run --separate-stderr lc tcx show dev "$dev"
	assert_success
	assert_line --index 0 --regexp "^$ifindex: t\\\\u001bx  ingress  revision [0-9]+\$"
	assert_line --index 1 --regexp "^$ifindex: t\\\\u001bx  ingress  1  prog [0-9]+ tc_pass "
	refute_output --partial "$ESC"
	run --separate-stderr lcj tcx show dev "$dev"
	assert_equal "$(jqo -r '.[0].devname')" "$dev"
}

@test "a cgroup directory name with an ESC is escaped in cgroup show" {
	local cgroot
	cgroot=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$cgroot" ] || skip "no cgroup v2 mount"
	ESC_CG="$cgroot/${LC_TEST_PREFIX}-cg-esc-$$${ESC}x"
	mkdir "$ESC_CG"
	run --separate-stderr lc cgroup show "$ESC_CG"
	assert_success
	assert_output "${ESC_CG%%"$ESC"*}\\u001bx  no BPF programs"
	lc cgroup attach "$ESC_CG" ingress prog "$BPF_DIR/cgroup_skb.bpf.o" pin "$BPFFS/c" >/dev/null
	run --separate-stderr lc cgroup show "$ESC_CG"
	assert_line --index 0 --regexp "^${ESC_CG%%"$ESC"*}\\\\u001bx  cgroup_inet_ingress  "
	refute_output --partial "$ESC"
	run --separate-stderr lcj cgroup show "$ESC_CG"
	assert_equal "$(jqo -r '.[0].cgroup_path')" "$ESC_CG"
	rm "$BPFFS/c"
}

teardown() {
	[ -z "${ESC_CG:-}" ] || rmdir "$ESC_CG" 2>/dev/null || true
	lc_teardown
}
