#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# -A (--all-netns): xdp show and link list/show over every network namespace, named or
# only held by a process (unshare --net). Only this test's namespaces are asserted about:
# other suites run on the node at the same time. Witnesses: ip -d link (nsenter for the
# unnamed one), bpftool, stat of the namespace files.

load helpers
load xdp_helpers

setup() {
	lc_setup
	unshared_netns
	UPID=$UNSHARED_PID
	UINO=$(stat -L -c %i /proc/$UPID/ns/net)
	NSINO=$(stat -L -c %i "/run/netns/$NS")
	ip -n "$NS" link set veth1 netns "$UPID"
	in_u ip link set veth1 up
	UIFINDEX=$(in_u ip -j link show veth1 | jq '.[0].ifindex')
}

in_u() { nsenter --net=/proc/"$UPID"/ns/net "$@"; }

@test "xdp show -A: a link in a named namespace, netlink in an unnamed one, each with its namespace" {
	attach_held_link veth0 "$BPF_DIR/xdp_pass.bpf.o"
	in_u ip link set dev veth1 xdpgeneric obj "$BPF_DIR/xdp_drop.bpf.o" sec xdp
	uprog=$(in_u ip -d -j link show veth1 | jq '.[0].xdp.prog.id')
	run -0 "$LINKCTL" -A -j xdp show
	assert_json
	assert_equal "$(jqo -c --argjson i "$NSINO" '.[] | select(.netns.ino == $i) | [.ifindex, .devname, .netns.name, .modes[0].prog_id, .modes[0].attached, .modes[0].link_id]')" \
		"[$IFINDEX0,\"veth0\",\"$NS\",$PROG,\"link\",$LINK]"
	assert_equal "$(jqo -c --argjson i "$UINO" '.[] | select(.netns.ino == $i) | [.ifindex, .devname, .netns.name, .netns.pid, .netns.comm, .modes[0].mode, .modes[0].prog_id, .modes[0].attached, .modes[0].link_id]')" \
		"[$UIFINDEX,\"veth1\",null,$UPID,\"sleep\",\"skb\",$uprog,\"netlink\",null]"
	run -0 "$LINKCTL" -A xdp show
	assert_line --regexp "^netns $NS  $IFINDEX0: veth0  (drv|skb)  prog $PROG xdp_pass tag [0-9a-f]+  attached link $LINK\$"
	assert_line --regexp "^netns pid $UPID \\(sleep\\)  $UIFINDEX: veth1  skb  prog $uprog xdp_drop tag [0-9a-f]+  attached netlink\$"
	# without -A: neither namespace is ours
	run -0 "$LINKCTL" -j xdp show
	assert_equal "$(jqo --argjson p "$uprog" '[.[] | select(.modes[].prog_id == $p)] | length')" 0
	# dev: that name in every namespace, with or without a program
	run -0 --separate-stderr "$LINKCTL" -A -j xdp show dev veth1
	assert_equal "$(jqo -c --argjson i "$UINO" '[.[] | select(.netns.ino == $i) | .modes[0].prog_id]')" "[$uprog]"
	in_u ip link set dev veth1 xdpgeneric off
	run -0 "$LINKCTL" -A -j xdp show
	assert_equal "$(jqo --argjson i "$UINO" '[.[] | select(.netns.ino == $i)] | length')" 0
}

@test "link list -A: a link in an unnamed namespace is named there, not (unknown)" {
	in_u "$LINKCTL" --bpffs "$BPFFS" xdp attach dev veth1 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/u" >/dev/null
	link=$(bpftool -j link show pinned "$BPFFS/u" | jq .id)
	# bpftool 7.1 prints no ifindex for an xdp link: the witness is the hook's program
	[ "$(bpftool -j link show id "$link" | jq .prog_id)" = "$(in_u ip -d -j link show veth1 | jq '.[0].xdp.prog.id')" ]
	# the namespace's witnesses: its inode from /proc, and no name under /run/netns
	assert_equal "$(readlink /proc/"$UPID"/ns/net)" "net:[$UINO]"
	assert_equal "$(ip netns identify "$UPID")" ""
	local uns="{\"ino\":$UINO,\"name\":null,\"pid\":$UPID,\"comm\":\"sleep\",\"mount\":null,\"fd_holder\":null}"
	# without -A the device cannot be named, but the iterator places it: the same netns object
	run -0 "$LINKCTL" -j link show id "$link"
	assert_equal "$(jqo -c '[.devname, .devname_reason, .netns]')" "[null,\"unknown\",$uns]"
	run -0 "$LINKCTL" link show id "$link"
	assert_line "	ifindex $UIFINDEX  devname (unknown)  netns pid $UPID (sleep)"
	run -0 "$LINKCTL" -A -j link show id "$link"
	assert_equal "$(jqo -c '[.ifindex, .devname, .netns, has("device_netns")]')" "[$UIFINDEX,\"veth1\",$uns,false]"
	run -0 "$LINKCTL" -A link list
	assert_line "	ifindex $UIFINDEX  devname veth1  netns pid $UPID (sleep)"
	run -0 "$LINKCTL" -A -j link list
	assert_equal "$(jqo -c --argjson l "$link" '.[] | select(.id == $l) | [.devname, .netns.pid]')" "[\"veth1\",$UPID]"
	# in a named namespace: its name and inode (stat of /run/netns/NAME), no process in it
	lc xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/n" >/dev/null
	nlink=$(bpftool -j link show pinned "$BPFFS/n" | jq .id)
	local nns="{\"ino\":$NSINO,\"name\":\"$NS\",\"pid\":null,\"comm\":null,\"mount\":null,\"fd_holder\":null}"
	run -0 "$LINKCTL" -A -j link show id "$nlink"
	assert_equal "$(jqo -c '[.devname, .netns]')" "[\"veth0\",$nns]"
	run -0 "$LINKCTL" -j link show id "$nlink"
	assert_equal "$(jqo -c '[.devname, .netns]')" "[null,$nns]"
	# -n NAME: the device is ours, and linkctl itself is no holder of the namespace
	run -0 "$LINKCTL" -n "$NS" -j link show id "$nlink"
	assert_equal "$(jqo -c '[.devname, .netns]')" "[\"veth0\",$nns]"
	run -0 "$LINKCTL" -n "$NS" link show id "$nlink"
	assert_line "	ifindex $(ip -n "$NS" -j link show veth0 | jq '.[0].ifindex')  devname veth0"
}

@test "link show: a netns link (sk_lookup) names its namespace as a device link does" {
	hold -n "$NS" netns "$BPF_DIR/sk_lookup.bpf.o"
	local nlink=$HOLD_IDS
	# witnesses: bpftool's netns_ino, the holder's namespace (ip netns identify, readlink)
	assert_equal "$(bpftool -j link show id "$nlink" | jq .netns_ino)" "$NSINO"
	assert_equal "$(ip netns identify "$HOLD_PID")" "$NS"
	assert_equal "$(readlink /proc/"$HOLD_PID"/ns/net)" "net:[$NSINO]"
	run -0 "$LINKCTL" -j link show id "$nlink"
	assert_equal "$(jqo -c '[.type, .netns_ino, .netns, .attach_type]')" \
		"[\"netns\",$NSINO,{\"ino\":$NSINO,\"name\":\"$NS\",\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"mount\":null,\"fd_holder\":null},\"sk_lookup\"]"
	run -0 "$LINKCTL" link show id "$nlink"
	assert_line "	netns_ino $NSINO  netns $NS  attach_type sk_lookup"
	run -0 "$LINKCTL" -A -j link list
	assert_equal "$(jqo --argjson l "$nlink" '.[] | select(.id == $l) | .netns.name')" "$NS"
	# the namespace gone (a pin keeps the link; name and holder gone): netns_ino 0, netns null
	"$LINKCTL" --bpffs "$BPFFS" link pin id "$nlink" "$BPFFS/nl" >/dev/null
	kill "$HOLD_PID"
	wait "$HOLD_PID" 2>/dev/null || true
	ip netns del "$NS"
	for _ in $(seq 100); do
		[ "$(bpftool -j link show id "$nlink" | jq .netns_ino)" = 0 ] && break
		sleep 0.1
	done
	run -0 "$LINKCTL" -j link show id "$nlink"
	assert_equal "$(jqo -c '[.netns_ino, .netns]')" '[0,null]'
	run -0 "$LINKCTL" link show id "$nlink"
	assert_line "	netns_ino 0  attach_type sk_lookup  defunct"
	rm "$BPFFS/nl"
}

@test "-A is refused by verbs that change things, and with -n" {
	run -2 --separate-stderr "$LINKCTL" -A -j xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o"
	assert_output '{"error":"xdp attach: -A (--all-netns) is for read-only verbs; use -n NAME","code":"usage"}'
	assert_equal "$stderr" "Error: xdp attach: -A (--all-netns) is for read-only verbs; use -n NAME"
	[ -z "$(ip -n "$NS" -d -j link show veth0 | jq -r '.[0].xdp // empty')" ]
	run -2 --separate-stderr "$LINKCTL" --all-netns -j link detach id 1
	assert_output '{"error":"link detach: -A (--all-netns) is for read-only verbs; use -n NAME","code":"usage"}'
	run -2 --separate-stderr "$LINKCTL" -A -j shell </dev/null
	assert_output '{"error":"shell: -A (--all-netns) is for read-only verbs","code":"usage"}'
	run -2 --separate-stderr "$LINKCTL" -A -n "$NS" -j xdp show
	assert_output '{"error":"-n and -A (--all-netns) exclude each other","code":"usage"}'
	run -1 --separate-stderr "$LINKCTL" -A -j xdp show dev lct-no-such-dev
	assert_output '{"error":"no device '"'"'lct-no-such-dev'"'"' in any network namespace","code":"not_found"}'
}

@test "tcx show -A: a tcx link in a named namespace, a tc filter in an unnamed one, each with its namespace" {
	tcx_or_skip
	run -0 "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o"
	link=$(jqo .link_id)
	prog=$(jqo .prog_id)
	[ "$(bpftool -j link show id "$link" | jq .prog_id)" = "$prog" ]
	in_u tc qdisc add dev veth1 clsact
	in_u tc filter add dev veth1 egress pref 5 bpf da obj "$BPF_DIR/tc_pass.bpf.o" sec tc
	uprog=$(in_u tc -j filter show dev veth1 egress | jq '[.[] | .options.prog.id // empty] | last')
	[ "$uprog" -gt 0 ]
	run -0 "$LINKCTL" -A -j tcx show
	assert_json
	assert_equal "$(jqo -c --argjson i "$NSINO" '.[] | select(.netns.ino == $i) | [.ifindex, .devname, .netns.name, .direction, .progs[0].prog_id, .progs[0].link_id, (.tc_filters | length)]')" \
		"[$IFINDEX0,\"veth0\",\"$NS\",\"ingress\",$prog,$link,0]"
	assert_equal "$(jqo -c --argjson i "$UINO" '.[] | select(.netns.ino == $i) | [.ifindex, .devname, .netns.name, .netns.pid, .netns.comm, .direction, (.progs | length), .tc_filters[0].prog_id, .tc_filters[0].pref]')" \
		"[$UIFINDEX,\"veth1\",null,$UPID,\"sleep\",\"egress\",0,$uprog,5]"
	run -0 "$LINKCTL" -A tcx show
	assert_line "netns $NS  $IFINDEX0: veth0  ingress  revision 2"
	assert_line --regexp "^netns $NS  $IFINDEX0: veth0  ingress  1  prog $prog tc_pass tag [0-9a-f]+  attached link $link\$"
	assert_line --regexp "^netns pid $UPID \\(sleep\\)  $UIFINDEX: veth1  egress  tc filter pref 5 handle 0x1 chain 0  prog $uprog tc_pass tag [0-9a-f]+  attached tc  direct-action  tc_pass.bpf.o:\\[tc\\]\$"
	# dev: the device in every namespace that has one (veth1 is only in the unnamed one here)
	run -0 "$LINKCTL" -A -j tcx show dev veth1 egress
	assert_equal "$(jqo -c --argjson i "$UINO" '[.[] | select(.netns.ino == $i) | .tc_filters[0].prog_id]')" "[$uprog]"
	assert_equal "$(jqo -c --argjson i "$NSINO" '[.[] | select(.netns.ino == $i)] | length')" 0
	run -1 --separate-stderr "$LINKCTL" -A -j tcx show dev lct-no-such-dev
	assert_output '{"error":"no device '"'"'lct-no-such-dev'"'"' in any network namespace","code":"not_found"}'
	run -1 --separate-stderr "$LINKCTL" -A tcx show dev lct-no-such-dev
	assert_equal "$stderr" "Error: no device 'lct-no-such-dev' in any network namespace"
	[ -z "$output" ]
	run -2 --separate-stderr "$LINKCTL" -A -j tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o"
	assert_output '{"error":"tcx attach: -A (--all-netns) is for read-only verbs; use -n NAME","code":"usage"}'
}
