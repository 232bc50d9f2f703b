#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# linkctl audit: each finding produced, then cleared, on objects this test made (other suites
# run on the same node at the same time: a test asserts only about its own namespaces, pins
# and links, never that the node is clean). Witnesses: ip -d link inside the namespace
# (nsenter for an unnamed one), bpftool, the pins on disk.

load helpers
load xdp_helpers

setup() {
	lc_setup
	UNNAMED_PID=
}

teardown() {
	[ -z "$UNNAMED_PID" ] || kill "$UNNAMED_PID" 2>/dev/null || true
	[ -z "${CG:-}" ] || find "$CG" -depth -type d -exec rmdir {} + 2>/dev/null || true
	[ -z "${NS3:-}" ] || ip netns del "$NS3" 2>/dev/null || true
	lc_teardown
}

# A namespace no name keeps: a process in `unshare --net` holds it; veth1 moves into it.
unnamed_netns_with_veth1() {
	unshared_netns
	UNNAMED_PID=$UNSHARED_PID
	ip -n "$NS" link set veth1 netns "$UNNAMED_PID"
	in_unnamed ip link set veth1 up
	UNNAMED_INO=$(stat -L -c %i /proc/$UNNAMED_PID/ns/net)
}
in_unnamed() { nsenter --net=/proc/"$UNNAMED_PID"/ns/net "$@"; }

# The findings of code $1 about object field $2 == $3, from $output (JSON).
finding() { jqo -c --arg c "$1" --arg v "$3" ".findings[] | select(.code == \$c and (.$2 | tostring) == \$v)"; }
# The findings about link $1, from $output (JSON).
link_findings() { jqo --argjson l "$1" '.findings[] | select(.link_id == $l)'; }

# audit_silent_on LINK [ARGS]: `audit -j ARGS` reports nothing about link LINK.
audit_silent_on() {
	local link=$1
	shift
	run --separate-stderr "$LINKCTL" -j audit "$@"
	[ -z "$(link_findings "$link")" ]
}

# NS3: a namespace of this test's own with a veth pair, for a test to delete.
netns_to_delete() {
	NS3="${NS}-gone"
	ip netns add "$NS3"
	ip -n "$NS3" link add veth0 type veth peer name veth1
}

# Delete NS3, wait for link $1 to go with its device, then audit in JSON (exit 1: findings).
delete_netns_and_audit() {
	ip netns del "$NS3"
	wait_detached "$1"
	run -1 --separate-stderr "$LINKCTL" -j audit
}

@test "xdp-netlink: a netlink XDP program in an unnamed namespace, then detached" {
	unnamed_netns_with_veth1
	in_unnamed ip link set dev veth1 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	prog=$(in_unnamed ip -d -j link show veth1 | jq '.[0].xdp.prog.id')
	ifindex=$(in_unnamed ip -j link show veth1 | jq '.[0].ifindex')
	[ "$prog" -gt 0 ]
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(jqo .clean)" false
	assert_equal "$stderr" "Error: audit: $(jqo '.findings | length') finding$([ "$(jqo '.findings | length')" = 1 ] || echo s) (exit 1; 'warn-only' exits 0)"
	f=$(jqo -c --argjson p "$prog" '.findings[] | select(.code == "xdp-netlink" and .prog_id == $p)')
	assert_equal "$(jq -c '[.object, .ifindex, .devname, .mode, .link_id, .netns.ino, .netns.name, .netns.pid, .netns.comm]' <<<"$f")" \
		"[\"xdp-hook\",$ifindex,\"veth1\",\"skb\",null,$UNNAMED_INO,null,$UNNAMED_PID,\"sleep\"]"
	run -1 "$LINKCTL" audit
	assert_line --regexp "^xdp-netlink +netns pid $UNNAMED_PID \\(sleep\\)  $ifindex: veth1  skb  prog $prog: attached via netlink"
	assert_line --regexp '^audit: (1 finding|([02-9]|[1-9][0-9]+) findings); '
	# warn-only: the same document, exit 0
	run -0 --separate-stderr "$LINKCTL" -j audit warn-only
	assert_equal "$(jqo -c --argjson p "$prog" '[.warn_only, ([.findings[] | select(.prog_id == $p)] | length)]')" '[true,1]'
	# ignored: not looked for, and the document says so
	run --separate-stderr "$LINKCTL" -j audit ignore xdp-netlink
	assert_equal "$(jqo -c '[.ignored, ([.findings[] | select(.code == "xdp-netlink")] | length)]')" '[["xdp-netlink"],0]'
	# only: that code looked for, every other one ignored (and said so)
	run -1 --separate-stderr "$LINKCTL" -j audit only xdp-netlink
	assert_equal "$(jqo -c --argjson p "$prog" '[.ignored, ([.findings[] | select(.prog_id == $p)] | length), ([.findings[] | select(.code != "xdp-netlink")] | length), .cgroups, .tc_filters, .tcx_progs]')" \
		'[["pin-dir-writable","pin-defunct","pin-netns-gone","cgroup-prog-attach","tc-cls-bpf","tcx-prog-attach"],1,0,null,null,null]'
	run --separate-stderr "$LINKCTL" -j audit only tc-cls-bpf
	assert_equal "$(jqo --argjson p "$prog" '[.findings[] | select(.prog_id == $p)] | length')" 0
	in_unnamed ip link set dev veth1 xdpgeneric off
	[ -z "$(in_unnamed ip -d -j link show veth1 | jq -r '.[0].xdp // empty')" ]
	run --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(jqo --argjson p "$prog" '[.findings[] | select(.prog_id == $p)] | length')" 0
}

@test "xdp-netlink: a named namespace's hook; a link-owned one is no finding" {
	ip -n "$NS" link set dev veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	prog=$(ip_xdp_field veth0 prog.id)
	attach_held_link veth1 "$BPF_DIR/xdp_pass.bpf.o"
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_equal "$(finding xdp-netlink prog_id "$prog" | jq -c '[.netns.name, .devname, .ifindex]')" \
		"[\"$NS\",\"veth0\",$IFINDEX0]"
	[ "$(jqo --argjson p "$PROG" '[.findings[] | select(.prog_id == $p)] | length')" = 0 ]
	[ "$(jqo --argjson l "$LINK" '[.findings[] | select(.link_id == $l)] | length')" = 0 ]
}

@test "pin-dir-writable: a holderless link pinned under a world-writable directory" {
	mkdir "$BPFFS/shared"
	lc xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/shared/x" >/dev/null
	link=$(bpftool -j link show pinned "$BPFFS/shared/x" | jq .id)
	chmod 0777 "$BPFFS/shared"
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_equal "$(finding pin-dir-writable link_id "$link" | jq -c '[.object, .pin, .message]')" \
		"[\"pin\",\"$BPFFS/shared/x\",\"no process holds the link, and $BPFFS/shared is writable by other users (mode 0777) and not sticky; not pinning under it\"]"
	run -1 "$LINKCTL" audit
	assert_line --regexp "^pin-dir-writable +link $link  pin $BPFFS/shared/x: no process holds the link"
	# a holder keeps it whatever happens to the pin
	hold_pin "$BPFFS/shared/x"
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-dir-writable link_id "$link")" ]
	drop_holder
	run --separate-stderr "$LINKCTL" -j audit
	[ -n "$(finding pin-dir-writable link_id "$link")" ]
	# a second pin under a safe directory keeps it too
	lc link pin id "$link" "$BPFFS/safe"
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-dir-writable link_id "$link")" ]
	rm "$BPFFS/safe"
	chmod 0755 "$BPFFS/shared"
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-dir-writable link_id "$link")" ]
	# a directory another user owns is the same finding
	chown nobody "$BPFFS/shared"
	run -1 --separate-stderr "$LINKCTL" -j audit
	finding pin-dir-writable link_id "$link" | jq -e --arg d "$BPFFS/shared" '.message | contains($d + " belongs to uid")'
}

# Wait until bpftool shows link $1 without a device (the kernel detaches it asynchronously).
wait_detached() {
	for _ in $(seq 100); do
		[ "$(bpftool -j link show id "$1" | jq '.ifindex // 0')" = 0 ] && return 0
		sleep 0.05
	done
	return 1
}

@test "pin-defunct: the device of a pinned link goes; the pin is removed" {
	lc xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/d" >/dev/null
	link=$(bpftool -j link show pinned "$BPFFS/d" | jq .id)
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-defunct link_id "$link")" ]
	ip -n "$NS" link del veth0
	wait_detached "$link"
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_equal "$(finding pin-defunct link_id "$link" | jq -c '[.object, .pin]')" "[\"pin\",\"$BPFFS/d\"]"
	run -1 "$LINKCTL" audit
	assert_line --regexp "^pin-defunct +link $link  pin $BPFFS/d: pins a detached \\(defunct\\) link"
	rm "$BPFFS/d"
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-defunct link_id "$link")" ]
	! bpftool link show id "$link" 2>/dev/null
}

@test "pin-netns-gone: the namespace of a default pin is deleted, nobody holds the link" {
	netns_to_delete
	ino=$(stat -L -c %i "/run/netns/$NS3")
	"$LINKCTL" --bpffs "$BPFFS" -n "$NS3" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" >/dev/null
	pin="$BPFFS/linkctl/xdp/$ino/veth0"
	link=$(bpftool -j link show pinned "$pin" | jq .id)
	run --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-netns-gone link_id "$link")" ]
	delete_netns_and_audit "$link"
	assert_equal "$(finding pin-netns-gone link_id "$link" | jq -c '[.object, .pin, .netns, has("netns_ino")]')" \
		"[\"pin\",\"$pin\",{\"ino\":$ino,\"name\":null,\"pid\":null,\"comm\":null,\"mount\":null,\"fd_holder\":null},false]"
	[ -z "$(finding pin-defunct link_id "$link")" ]
	run -1 "$LINKCTL" audit
	assert_line --regexp "^pin-netns-gone +link $link  pin $pin: the link was detached with its device: network namespace $ino is gone"
	# not looked for: the pin is still one of a defunct link
	run -1 --separate-stderr "$LINKCTL" -j audit ignore pin-netns-gone
	[ -n "$(finding pin-defunct link_id "$link")" ]
	audit_silent_on "$link" ignore pin-netns-gone,pin-defunct
	# a holder: no longer "nobody keeps it but the pin"
	hold_pin "$pin"
	run -1 --separate-stderr "$LINKCTL" -j audit
	[ -z "$(finding pin-netns-gone link_id "$link")" ]
	[ -n "$(finding pin-defunct link_id "$link")" ]
	drop_holder
	rm "$pin"
	audit_silent_on "$link"
}

@test "pin-netns-gone: a tcx link's default pin, its namespace deleted" {
	tcx_or_skip
	netns_to_delete
	ino=$(stat -L -c %i "/run/netns/$NS3")
	run -0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS3" tcx attach dev veth0 egress prog "$BPF_DIR/tc_pass.bpf.o"
	link=$(jqo .link_id)
	pin="$BPFFS/linkctl/tcx/$ino/veth0/egress/$link"
	assert_equal "$(jqo -c .pinned)" "[\"$pin\"]"
	[ "$(bpftool -j link show pinned "$pin" | jq .id)" = "$link" ]
	audit_silent_on "$link"
	delete_netns_and_audit "$link"
	assert_equal "$(finding pin-netns-gone link_id "$link" | jq -c '[.object, .pin, .netns.ino, .netns.name, has("netns_ino")]')" \
		"[\"pin\",\"$pin\",$ino,null,false]"
	[ -z "$(finding pin-defunct link_id "$link")" ]
	rm "$pin"
	audit_silent_on "$link"
}

# A cgroup of this test's own under the cgroup2 mount (found in /proc/mounts), with a child.
own_cgroup() {
	local root
	root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$root" ] || skip "no cgroup v2 mount"
	CG="$root/${LC_TEST_PREFIX}-audit-${BATS_TEST_NUMBER}-$$"
	mkdir -p "$CG/child"
	CGID=$(stat -c %i "$CG/child")
}

# Attach $1 (an object) to $CG/child at $2 the old way, by bpftool; prints the program's ID.
bpftool_cg_attach() {
	local pin="$BPFFS/cg-prog-$RANDOM"
	bpftool prog load "$1" "$pin" >/dev/null
	bpftool cgroup attach "$CG/child" "$2" pinned "$pin" multi
	bpftool -j prog show pinned "$pin" | jq .id
	rm "$pin"
}

@test "cgroup-prog-attach: a program attached without a link, found by the walk, then detached" {
	own_cgroup
	prog=$(bpftool_cg_attach "$BPF_DIR/cgroup_skb.bpf.o" egress)
	assert_equal "$(bpftool -j cgroup show "$CG/child" | jq -c '[.[] | [.id, .attach_type, .attach_flags]]')" \
		"[[$prog,\"cgroup_inet_egress\",\"multi\"]]"
	# a link-owned program beside it is no finding
	run -0 "$LINKCTL" -j --bpffs "$BPFFS" cgroup attach "$CG/child" egress prog "$BPF_DIR/cgroup_count.bpf.o"
	link=$(jqo .link_id)
	link_prog=$(jqo .prog_id)
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(finding cgroup-prog-attach prog_id "$prog" | jq -c '[.object, .cgroup_path, .cgroup_id, .attach_type, .attach_flags, .link_id]')" \
		"[\"cgroup-prog\",\"$CG/child\",$CGID,\"cgroup_inet_egress\",\"multi\",null]"
	[ -z "$(finding cgroup-prog-attach prog_id "$link_prog")" ]
	[ "$(jqo '.cgroups')" -ge 2 ] && [ "$(jqo '.cgroup_progs')" -ge 2 ]
	run -1 "$LINKCTL" audit
	assert_line "cgroup-prog-attach $CG/child  cgroup_inet_egress  multi  prog $prog: attached with BPF_PROG_ATTACH: no process or pin owns it, and anyone with CAP_NET_ADMIN can detach or replace it"
	# ignored: the hierarchy is not walked, and the document says so
	run --separate-stderr "$LINKCTL" -j audit ignore cgroup-prog-attach
	assert_equal "$(jqo -c '[(.ignored | index("cgroup-prog-attach") != null), .cgroups, .cgroup_progs, ([.findings[] | select(.code == "cgroup-prog-attach")] | length)]')" '[true,null,null,0]'
	bpftool cgroup detach "$CG/child" egress id "$prog"
	assert_equal "$(bpftool -j cgroup show "$CG/child" | jq -c '[.[] | .id]')" "[$link_prog]"
	run --separate-stderr "$LINKCTL" -j audit
	assert_json
	[ -z "$(finding cgroup-prog-attach cgroup_id "$CGID")" ]
}

@test "tc-cls-bpf: a cls_bpf filter on clsact in a named and in an unnamed namespace, then deleted" {
	tc -n "$NS" qdisc add dev veth0 clsact
	tc -n "$NS" filter add dev veth0 egress pref 7 bpf da obj "$BPF_DIR/tc_pass.bpf.o" sec tc
	prog=$(tc -n "$NS" -j filter show dev veth0 egress | jq '[.[] | .options.prog.id // empty] | last')
	[ "$prog" -gt 0 ]
	unnamed_netns_with_veth1
	in_unnamed tc qdisc add dev veth1 clsact
	in_unnamed tc filter add dev veth1 ingress pref 9 bpf da obj "$BPF_DIR/tc_pass.bpf.o" sec tc
	prog2=$(in_unnamed tc -j filter show dev veth1 ingress | jq '[.[] | .options.prog.id // empty] | last')
	ifindex1=$(in_unnamed ip -j link show veth1 | jq '.[0].ifindex')
	# the old ingress qdisc (not clsact) holds filters on the ingress hook too
	tc -n "$NS" qdisc add dev lo ingress
	tc -n "$NS" filter add dev lo ingress pref 3 bpf da obj "$BPF_DIR/tc_pass.bpf.o" sec tc
	prog3=$(tc -n "$NS" -j filter show dev lo ingress | jq '[.[] | .options.prog.id // empty] | last')
	[ "$prog3" -gt 0 ]
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(finding tc-cls-bpf prog_id "$prog3" | jq -c '[.netns.name, .ifindex, .devname, .direction, .pref]')" \
		"[\"$NS\",1,\"lo\",\"ingress\",3]"
	assert_equal "$(finding tc-cls-bpf prog_id "$prog" | jq -c '[.object, .netns.name, .ifindex, .devname, .direction, .pref, .handle, .chain, .name, .link_id]')" \
		"[\"tc-filter\",\"$NS\",$IFINDEX0,\"veth0\",\"egress\",7,1,0,\"tc_pass.bpf.o:[tc]\",null]"
	assert_equal "$(finding tc-cls-bpf prog_id "$prog2" | jq -c '[.netns.ino, .netns.pid, .ifindex, .devname, .direction, .pref]')" \
		"[$UNNAMED_INO,$UNNAMED_PID,$ifindex1,\"veth1\",\"ingress\",9]"
	run -1 "$LINKCTL" audit
	assert_line "tc-cls-bpf         netns $NS  $IFINDEX0: veth0  egress  pref 7 handle 0x1 tc_pass.bpf.o:[tc]  prog $prog: a tc cls_bpf filter: tc holds the program, no process or pin owns it, and anyone with CAP_NET_ADMIN can delete or replace it"
	run --separate-stderr "$LINKCTL" -j audit ignore tc-cls-bpf
	assert_equal "$(jqo -c '[.tc_filters, ([.findings[] | select(.code == "tc-cls-bpf")] | length)]')" '[null,0]'
	tc -n "$NS" filter del dev veth0 egress pref 7
	tc -n "$NS" qdisc del dev lo ingress
	in_unnamed tc filter del dev veth1 ingress pref 9
	[ "$(tc -n "$NS" -j filter show dev veth0 egress)" = "[]" ]
	[ "$(in_unnamed tc -j filter show dev veth1 ingress)" = "[]" ]
	run --separate-stderr "$LINKCTL" -j audit
	assert_json
	[ -z "$(finding tc-cls-bpf prog_id "$prog")" ] && [ -z "$(finding tc-cls-bpf prog_id "$prog2")" ]
	[ -z "$(finding tc-cls-bpf prog_id "$prog3")" ]
}

# Attach $TC_PASS to $1 $2 of the namespace at $3 the old way (BPF_PROG_ATTACH through the
# tests' own ctypes witness, no link); prints its program ID.
tcx_prog_attach_in() {
	local pin="$BPFFS/tcx-prog-$RANDOM" id ifindex
	bpftool prog load "$BPF_DIR/tc_pass.bpf.o" "$pin" type classifier >/dev/null
	id=$(bpftool -j prog show pinned "$pin" | jq .id)
	ifindex=$(nsenter --net="$3" ip -j link show "$1" | jq '.[0].ifindex')
	nsenter --net="$3" "$TESTS_DIR/tools/tcx_query.py" "$ifindex" "$2" "$pin" >/dev/null
	rm -f "$pin"
	echo "$id"
}
tcx_chain_in() { nsenter --net="$3" "$TESTS_DIR/tools/tcx_query.py" "$(nsenter --net="$3" ip -j link show "$1" | jq '.[0].ifindex')" "$2" | tail -n +2; }

@test "tcx-prog-attach: tcx entries without a link in a named and an unnamed namespace, then detached" {
	tcx_or_skip
	run -0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" tcx attach dev veth0 egress prog "$BPF_DIR/tc_pass.bpf.o"
	link=$(jqo .link_id)
	lprog=$(jqo .prog_id)
	prog=$(tcx_prog_attach_in veth0 egress "/run/netns/$NS")
	assert_equal "$(tcx_chain_in veth0 egress "/run/netns/$NS")" "$lprog $link"$'\n'"$prog 0"
	unnamed_netns_with_veth1
	prog2=$(tcx_prog_attach_in veth1 ingress "/proc/$UNNAMED_PID/ns/net")
	assert_equal "$(tcx_chain_in veth1 ingress "/proc/$UNNAMED_PID/ns/net")" "$prog2 0"
	ifindex1=$(in_unnamed ip -j link show veth1 | jq '.[0].ifindex')
	run -1 --separate-stderr "$LINKCTL" -j audit
	assert_json
	assert_equal "$(finding tcx-prog-attach prog_id "$prog" | jq -c '[.object, .netns.name, .ifindex, .devname, .direction, .position, .link_id]')" \
		"[\"tcx-prog\",\"$NS\",$IFINDEX0,\"veth0\",\"egress\",2,null]"
	assert_equal "$(finding tcx-prog-attach prog_id "$prog2" | jq -c '[.netns.ino, .netns.pid, .netns.comm, .ifindex, .devname, .direction, .position]')" \
		"[$UNNAMED_INO,$UNNAMED_PID,\"sleep\",$ifindex1,\"veth1\",\"ingress\",1]"
	# the link-owned entry of the same chain is no finding
	[ -z "$(finding tcx-prog-attach prog_id "$lprog")" ]
	[ -z "$(link_findings "$link")" ]
	[ "$(jqo .tcx_progs)" -ge 3 ] && assert_equal "$(jqo .tcx_supported)" true
	run -1 "$LINKCTL" audit
	assert_line "tcx-prog-attach    netns $NS  $IFINDEX0: veth0  egress  2  prog $prog: attached to tcx with BPF_PROG_ATTACH: no link, no process or pin owns it, and anyone with CAP_NET_ADMIN can detach or replace it"
	assert_line --regexp "^tcx-prog-attach    netns pid $UNNAMED_PID \\(sleep\\)  $ifindex1: veth1  ingress  1  prog $prog2: "
	assert_line --regexp "^audit: .*, [0-9]+ tcx programs\$"
	run --separate-stderr "$LINKCTL" -j audit ignore tcx-prog-attach
	assert_equal "$(jqo -c '[.tcx_progs, ([.findings[] | select(.code == "tcx-prog-attach")] | length)]')" '[null,0]'
	run -0 "$LINKCTL" -n "$NS" tcx detach dev veth0 egress prog "$prog"
	run -0 in_unnamed "$LINKCTL" tcx detach dev veth1 ingress prog "$prog2"
	assert_equal "$(tcx_chain_in veth0 egress "/run/netns/$NS")" "$lprog $link"
	[ -z "$(tcx_chain_in veth1 ingress "/proc/$UNNAMED_PID/ns/net")" ]
	run --separate-stderr "$LINKCTL" -j audit
	assert_json
	[ -z "$(finding tcx-prog-attach prog_id "$prog")" ] && [ -z "$(finding tcx-prog-attach prog_id "$prog2")" ]
}

@test "audit: tcx links are counted in the inventory" {
	tcx_or_skip
	run -0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o"
	link=$(jqo .link_id)
	# bpftool 7.1 knows tcx links by number only (BPF_LINK_TYPE_TCX is 11)
	[[ "$(bpftool -j link show id "$link" | jq -r .type)" =~ ^(tcx|11)$ ]]
	run --separate-stderr "$LINKCTL" -j audit warn-only
	before=$(jqo .tcx_links)
	[ "$before" -ge 1 ]
	[ -z "$(link_findings "$link")" ]
	run -0 "$LINKCTL" audit warn-only
	assert_line --regexp "^audit: .* links \\([0-9]+ tcx\\), "
}

@test "audit: bad input is a usage error, in text and JSON" {
	run -2 --separate-stderr "$LINKCTL" -j audit ignore bogus
	assert_output '{"error":"audit: unknown finding code '"'"'bogus'"'"' in '"'"'ignore bogus'"'"' (codes: xdp-netlink, pin-dir-writable, pin-defunct, pin-netns-gone, cgroup-prog-attach, tc-cls-bpf, tcx-prog-attach)","code":"usage"}'
	run -2 --separate-stderr "$LINKCTL" audit ignore xdp-netlink,
	assert_equal "$stderr" "Error: audit: unknown finding code '' in 'ignore xdp-netlink,' (codes: xdp-netlink, pin-dir-writable, pin-defunct, pin-netns-gone, cgroup-prog-attach, tc-cls-bpf, tcx-prog-attach)"
	run -2 --separate-stderr "$LINKCTL" -j audit only xdp-netlink ignore tc-cls-bpf
	assert_output '{"error":"audit: '"'"'ignore'"'"' and '"'"'only'"'"' exclude each other","code":"usage"}'
	run -2 --separate-stderr "$LINKCTL" audit only bogus
	assert_equal "$stderr" "Error: audit: unknown finding code 'bogus' in 'only bogus' (codes: xdp-netlink, pin-dir-writable, pin-defunct, pin-netns-gone, cgroup-prog-attach, tc-cls-bpf, tcx-prog-attach)"
	[ -z "$output" ]
	run -2 --separate-stderr "$LINKCTL" audit frobnicate
	[ -z "$output" ]
	[[ "$stderr" == "Error: audit: "* ]]
	run -2 --separate-stderr "$LINKCTL" -j audit ignore
	assert_json
	assert_equal "$(jqo -c 'keys')" '["code","error"]'
}

@test "audit: a private pid and mount namespace with nothing attached is clean (exit 0)" {
	# hermetic: its own pid namespace (so only its own processes), its own network
	# namespace, its own /run/netns and no nsfs mount (other tests bind-mount theirs anywhere);
	# the links and pins of the host are still seen, so only the namespace and XDP parts are
	# checked here
	run -0 --separate-stderr unshare --pid --fork --mount-proc --net --mount sh -c \
		'awk '"'"'{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "nsfs") print $5 }'"'"' /proc/self/mountinfo |
		 xargs -r -n1 umount -l; mount -t tmpfs none /run && "$0" -j audit ignore pin-dir-writable,pin-defunct,pin-netns-gone,cgroup-prog-attach' "$LINKCTL"
	assert_equal "$(jqo -c '[.clean, .namespaces, .xdp_hooks, .tc_filters, .cgroups, .findings]')" '[true,1,0,0,null,[]]'
}
