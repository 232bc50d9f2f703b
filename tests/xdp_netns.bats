#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# XDP hooks of two network namespaces with the same ifindex running the same program:
# the link iterator (device AND namespace) tells them apart, so no verb takes a link of
# the other namespace for this one's hook. Without it (LINKCTL_BPF_ITER=0) the ifindex
# rule cannot, and destructive verbs refuse. Witnesses: ip -d link in each namespace,
# bpftool's view of the links.

load helpers
load xdp_helpers

setup() {
	lc_setup
	second_netns_setup
}

teardown() {
	ip netns del "$NS2" 2>/dev/null || true
	lc_teardown
}

lc2() { "$LINKCTL" --bpffs "$BPFFS" -n "$NS2" "$@"; }
lcj2() { "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS2" "$@"; }     # -n once: a second is refused

# W1 (the test's netns): veth0 runs P via netlink (drv). W2: veth0, same ifindex, runs P
# through an skb-mode link pinned at $BPFFS/w2. Sets P and L (W2's link).
netlink_here_link_there() {
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_success
	P=$(ip_xdp_field veth0 prog.id)
	run lcj2 xdp attach dev veth0 prog id "$P" skb pin "$BPFFS/w2"
	assert_success
	L=$(jqo .link_id)
	# the premise, by the witnesses: same ifindex, same program, one mode each
	assert_equal "$(ip -n "$NS2" -j link show veth0 | jq '.[0].ifindex')" "$IFINDEX0"
	assert_equal "$(ip_xdp_field veth0 prog.id "$NS2")" "$P"
	assert_equal "$(ip_xdp_mode veth0)" drv
	assert_equal "$(ip_xdp_mode veth0 "$NS2")" skb
	assert_equal "$(bpftool -j link show id "$L" | jq -c '[.type, .prog_id]')" "[\"xdp\",$P]"
}

# W2's link is untouched: still there, still on W2's veth0 running P in skb mode.
assert_w2_intact() {
	assert_equal "$(bpftool -j link show id "$L" | jq -c '[.type, .prog_id]')" "[\"xdp\",$P]"
	assert_equal "$(ip_xdp_field veth0 prog.id "$NS2")" "$P"
	assert_equal "$(ip_xdp_mode veth0 "$NS2")" skb
	[ -e "$BPFFS/w2" ]
}

@test "netns: netlink here, a link of the same program on the same ifindex there: show and link list tell them apart" {
	netlink_here_link_there
	run --separate-stderr lcj xdp show dev veth0
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .prog_id, .attached, .link_id]')" "[\"drv\",$P,\"netlink\",null]"
	run --separate-stderr lc xdp show dev veth0
	assert_success
	assert_output --regexp "^$IFINDEX0: veth0  drv  prog $P xdp_pass tag [0-9a-f]{16}  attached netlink\$"
	run --separate-stderr lcj2 xdp show dev veth0
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .attached, .link_id, .pinned]')" "[\"skb\",\"link\",$L,[\"$BPFFS/w2\"]]"
	# link list dev: the link is W2's device's, not W1's
	run --separate-stderr lcj link list dev veth0
	assert_success
	assert_equal "$output" "[]"
	run --separate-stderr lc link list dev veth0
	assert_success
	assert_equal "$output" ""
	run --separate-stderr lcj2 link list dev veth0
	assert_equal "$(jqo -c '[.[] | [.id, .ifindex, .devname]]')" "[[$L,$IFINDEX0,\"veth0\"]]"
	# seen from W1 the link is in W2, by name
	run --separate-stderr lcj link show id "$L"
	local ns2="{\"ino\":$(stat -L -c %i "/run/netns/$NS2"),\"name\":\"$NS2\",\"pid\":null,\"comm\":null,\"mount\":null,\"fd_holder\":null}"
	assert_equal "$(ip netns pids "$NS2")" ""
	assert_equal "$(jqo -c '[.ifindex, .devname, .devname_reason, .netns]')" "[$IFINDEX0,null,\"unknown\",$ns2]"
	# without the link iterator, from the namespace whose device runs it: the same object
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j -n "$NS2" link show id "$L"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns]')" "[$IFINDEX0,\"veth0\",$ns2]"
	run --separate-stderr lc link show id "$L"
	assert_line --index 1 "	ifindex $IFINDEX0  devname (unknown)  netns $NS2"
	# -d says which path ran: one device's hooks from the device, every device's by the iterator
	run --separate-stderr "$LINKCTL" -d -n "$NS" xdp show dev veth0
	assert_equal "$stderr" "linkctl: XDP hooks of ifindex $IFINDEX0: read from the device (its links, this network namespace)"
	run --separate-stderr "$LINKCTL" -d -n "$NS" xdp show
	assert_equal "$stderr" "linkctl: XDP hooks: owners read by the link iterator (device and network namespace)"
}

@test "netns: detach force here removes W1's netlink program, never W2's link (JSON, then text)" {
	netlink_here_link_there
	run --separate-stderr lcj xdp detach dev veth0 force
	assert_success
	assert_equal "$(jqo -c '[.mode, .prog_id, .attached, .link_id]')" "[\"drv\",$P,\"netlink\",null]"
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
	assert_w2_intact
	# again in text
	run lc xdp attach dev veth0 prog id "$P" via netlink
	assert_success
	run --separate-stderr lc xdp detach dev veth0 force
	assert_success
	assert_output --regexp "^$IFINDEX0: veth0  drv  prog $P xdp_pass tag [0-9a-f]{16}  detached, was attached via netlink\$"
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
	assert_w2_intact
	# and plain detach (no force) of W1's hook is the same netlink detach
	run lc xdp attach dev veth0 prog id "$P" via netlink
	run --separate-stderr lcj xdp detach dev veth0
	assert_success
	assert_equal "$(jqo .link_id)" null
	assert_w2_intact
}

@test "netns: without the link iterator: the kernel proves a netlink hook (detached), a link it cannot prove is refused" {
	netlink_here_link_there
	# the fallback's view: today's rule, which takes W2's link for W1's hook
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j -n "$NS" xdp show dev veth0
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.attached, .link_id]')" "[\"link\",$L]"
	# detach tries netlink first, which the kernel allows only for a netlink attachment
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" xdp detach dev veth0 force
	assert_success
	assert_equal "$(jqo -c '[.mode, .prog_id, .attached, .link_id]')" "[\"drv\",$P,\"netlink\",null]"
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
	assert_w2_intact
	# W1's hook now a link of P: the rule names it, but cannot prove it is W1's
	run lcj xdp attach dev veth0 prog id "$P" pin "$BPFFS/w1"
	assert_success
	local l1 want
	l1=$(jqo .link_id)
	rm "$BPFFS/w2"          # W2's link goes: one candidate left, still not a proof
	wait_no_xdp veth0 "$NS2"
	run lc2 xdp attach dev veth0 prog id "$P" via netlink
	assert_success
	want="cannot prove that bpf_link $l1 owns veth0's XDP hook in drv mode: without the link iterator (linkctl -d says why) a link of another network namespace with the same ifindex and program looks the same; nothing detached"
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" xdp detach dev veth0 force
	assert_failure 1
	assert_equal "$(jqo -r .error)" "$want"
	run env LINKCTL_BPF_ITER=0 "$LINKCTL" -d --bpffs "$BPFFS" -n "$NS" xdp detach dev veth0 force
	assert_failure 1
	assert_line --index 0 "linkctl: XDP hooks of ifindex $IFINDEX0: not read from the device (the self iterator is turned off (LINKCTL_BPF_ITER=0))"
	assert_line --index 1 "linkctl: XDP hooks: the link iterator cannot run (the link iterator is turned off (LINKCTL_BPF_ITER=0)): the (ifindex, program) rule is used, and a link it names is not proven the owner"
	assert_equal "${lines[-1]}" "Error: $want"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$P"
	assert_equal "$(bpftool -j link show id "$l1" | jq -c '[.type, .prog_id]')" "[\"xdp\",$P]"
	[ -e "$BPFFS/w1" ]
	# with the iterator the same detach is exact: W1's link goes, W2's netlink program stays
	run --separate-stderr lcj xdp detach dev veth0 force
	assert_success
	assert_equal "$(jqo -c '[.attached, .link_id, .unpinned]')" "[\"link\",$l1,[\"$BPFFS/w1\"]]"
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
	assert_equal "$(ip_xdp_field veth0 prog.id "$NS2")" "$P"
}

@test "netns: attach replace here swaps W1's netlink program; W2's link is not updated" {
	netlink_here_link_there
	# the fallback refuses: by its rule W2's link owns the hook, and it would update that link
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" xdp attach dev veth0 prog "$XDP_DROP" replace
	assert_failure 1
	assert_equal "$(jqo -r .error)" "cannot prove that bpf_link $L owns veth0's XDP hook in drv mode: without the link iterator (linkctl -d says why) a link of another network namespace with the same ifindex and program looks the same; nothing changed"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$P"
	assert_w2_intact
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_DROP" replace
	assert_success
	local drop
	drop=$(ip_xdp_field veth0 prog.id)
	assert_equal "$(jqo -c '[.replaced_prog_id, .prog_id, .attached, .link_id]')" "[$P,$drop,\"netlink\",null]"
	assert_equal "$(ip_xdp_field veth0 prog.name)" xdp_drop
	assert_w2_intact
}

@test "netns: links in both namespaces: each side acts on its own link only" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/w1"
	assert_success
	local l1 p
	l1=$(jqo .link_id)
	p=$(jqo .prog_id)
	run lcj2 xdp attach dev veth0 prog id "$p" skb pin "$BPFFS/w2"
	assert_success
	L=$(jqo .link_id) P=$p
	run --separate-stderr lcj xdp show dev veth0
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .attached, .link_id, .link_matches]')" "[\"drv\",\"link\",$l1,null]"
	# one device's hooks read from the device, every device's by the link iterator: the same
	local one
	one=$(jqo -c '.[0]')
	run --separate-stderr lcj xdp show
	assert_equal "$(jqo -c '.[] | select(.devname == "veth0")')" "$one"
	run --separate-stderr lcj2 xdp show dev veth0
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .attached, .link_id, .pinned]')" "[\"skb\",\"link\",$L,[\"$BPFFS/w2\"]]"
	run --separate-stderr lcj link list dev veth0
	assert_equal "$(jqo -c '[.[].id]')" "[$l1]"
	# the fallback's rule sees two candidates and refuses
	run --separate-stderr env LINKCTL_BPF_ITER=0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" xdp detach dev veth0 force
	assert_failure 1
	assert_equal "$(jqo -r .error)" "cannot tell which of 2 XDP links with ifindex $IFINDEX0 and program $p owns veth0 in drv mode (links of other network namespaces match too): nothing changed"
	# the iterator's detach removes W1's link and its pin
	run --separate-stderr lc xdp detach dev veth0 force
	assert_success
	assert_line --index 0 --regexp "^$IFINDEX0: veth0  drv  prog $p xdp_pass tag [0-9a-f]{16}  detached, was attached via link $l1\$"
	assert_line --index 1 "	unpinned $BPFFS/w1"
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
	[ ! -e "$BPFFS/w1" ]
	assert_w2_intact
}

@test "netns: monitor link dev here reports this namespace's link only, not one of the same program on the same ifindex there" {
	netlink_here_link_there         # W2's link L exists before the monitor starts
	bg "$LINKCTL" -j -n "$NS" monitor link dev veth0 timeout 4 >"$BATS_TEST_TMPDIR/monitor.out"
	local mon=$BG_PID i mask
	for i in $(seq 100); do
		mask=$(awk '/^SigBlk:/ {print $2}' "/proc/$mon/status" 2>/dev/null)
		[ -n "$mask" ] && (( (16#$mask & 0x4000) != 0 )) && break
		sleep 0.05
	done
	# W2: its link goes, a new one of the same program comes (W1's hook runs that program)
	rm "$BPFFS/w2"
	wait_no_xdp veth0 "$NS2"
	run lcj2 xdp attach dev veth0 prog id "$P" skb pin "$BPFFS/w2b"
	assert_success
	local l2b
	l2b=$(jqo .link_id)
	# linkctl's own iterators (owners, devices) run meanwhile: no events of theirs
	run lcj link list
	assert_success
	run lcj link show id "$l2b"
	assert_success
	# W1: the netlink program gives way to a link of it
	run lc xdp detach dev veth0
	assert_success
	run lcj xdp attach dev veth0 prog id "$P" pin "$BPFFS/w1"
	assert_success
	local l1
	l1=$(jqo .link_id)
	wait "$mon" || true
	run jq -sr '.[] | [.event, .link_id, .ifindex] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'link-new\t%s\t%s' "$l1" "$IFINDEX0")"
	[ "$l2b" != "$l1" ]
}
