#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# tcx show: the chain in order with its revision, each entry's link, pins and holders, the
# tc cls_bpf filters beside it; checked against the tests' own query and tc.

load helpers
load tcx_helpers

teardown() {
	[ -z "${NS2:-}" ] || ip netns del "$NS2" 2>/dev/null || true
	lc_teardown
}

@test "show dev: both hooks, empty, with their revision" {
	run --separate-stderr lcj tcx show dev veth0
	assert_success
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX0" --argjson r "$(tcx_revision veth0 ingress)" \
		--argjson e "$(tcx_revision veth0 egress)" '
		[{ifindex:$i, devname:"veth0", direction:"ingress", revision:$r, progs:[], tc_filters:[]},
		 {ifindex:$i, devname:"veth0", direction:"egress", revision:$e, progs:[], tc_filters:[]}]')"
	run --separate-stderr lc tcx show dev veth0 egress
	assert_output "$IFINDEX0: veth0  egress  revision $(tcx_revision veth0 egress)"
	# a namespace without tcx programs or filters: nothing at all
	run --separate-stderr lcj tcx show
	assert_output "[]"
}

@test "show: the chain in the kernel's order, held and pinned links, JSON exact" {
	hold -n "$NS" tcx veth1 "$TC_PASS"
	local held=$HOLD_IDS holder=$HOLD_PID fd
	fd=$(link_fd "$holder" "$held")
	tcx_attach dev veth1 ingress first
	local first_prog=$PROG first_link=$LINK
	pin="$(tcx_pin_dir veth1 ingress)/$first_link"
	held_prog=$(link_fdinfo "$holder" "$held" prog_id)
	assert_equal "$(tcx_chain veth1 ingress)" "$first_prog $first_link"$'\n'"$held_prog $held"
	tag=$(bpftool -j prog show id "$first_prog" | jq -r .tag)
	run --separate-stderr lcj tcx show dev veth1 ingress
	assert_success
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX1" --argjson r "$(tcx_revision veth1 ingress)" \
		--argjson p1 "$first_prog" --argjson l1 "$first_link" --argjson p2 "$held_prog" \
		--argjson l2 "$held" --arg pin "$pin" --arg t "$tag" --argjson pid "$holder" --argjson fd "$fd" '
		[{ifindex:$i, devname:"veth1", direction:"ingress", revision:$r, progs:[
		  {position:1, prog_id:$p1, prog_name:"tc_pass", prog_tag:$t, attached:"link", link_id:$l1,
		   pinned:[$pin], pids:[]},
		  {position:2, prog_id:$p2, prog_name:"tc_pass", prog_tag:$t, attached:"link", link_id:$l2,
		   pinned:[], pids:[{pid:$pid, comm:"lc-hold.bin", fd:$fd}]}], tc_filters:[]}]')"
	run --separate-stderr lc tcx show dev veth1 ingress
	assert_line --index 0 "$IFINDEX1: veth1  ingress  revision $(tcx_revision veth1 ingress)"
	assert_line --index 1 "$IFINDEX1: veth1  ingress  1  prog $first_prog tc_pass tag $tag  attached link $first_link"
	assert_line --index 2 "	pinned $pin"
	assert_line --index 3 "$IFINDEX1: veth1  ingress  2  prog $held_prog tc_pass tag $tag  attached link $held"
	assert_line --index 4 "	pids lc-hold.bin($holder) fd $fd"
}

@test "show: tc cls_bpf filters are listed beside the chain, owner-less" {
	filter=$(tc_filter_add veth0 ingress)
	tcx_attach dev veth0 ingress
	run --separate-stderr lcj tcx show
	assert_success
	assert_equal "$(jqo -c '[.[] | [.devname, .direction, [.progs[].prog_id], .tc_filters]]')" \
		"$(jq -cn --argjson p "$PROG" --argjson f "$filter" --arg t "$(bpftool -j prog show id "$filter" | jq -r .tag)" '
		[["veth0", "ingress", [$p], [{pref:49152, handle:1, chain:0, prog_id:$f, prog_name:"tc_pass",
		  prog_tag:$t, attached:"tc", direct_action:true, name:"tc_pass.bpf.o:[tc]"}]]]')"
	run --separate-stderr lc tcx show dev veth0 ingress
	assert_line --regexp "^$IFINDEX0: veth0  ingress  tc filter pref 49152 handle 0x1 chain 0  prog $filter tc_pass tag [0-9a-f]{16}  attached tc  direct-action  tc_pass.bpf.o:\[tc\]\$"
}

@test "show: two namespaces with the same device names and ifindexes stay apart" {
	local ns2="${NS}-b"
	NS2=$ns2
	ip netns add "$ns2"
	ip -n "$ns2" link add veth0 type veth peer name veth1
	[ "$(ifindex_of veth0 "$ns2")" = "$IFINDEX0" ] || skip "ifindexes differ"
	tcx_attach dev veth0 egress
	"$LINKCTL" --bpffs "$BPFFS" -n "$ns2" tcx attach dev veth0 egress prog "$TC_PASS" >/dev/null
	run --separate-stderr lcj tcx show dev veth0 egress
	other=$("$LINKCTL" -j -n "$ns2" tcx show dev veth0 egress | jq -c '[.[0].progs[].link_id]')
	assert_equal "$(jqo -c '[.[0].progs[].link_id]')" "[$LINK]"
	[ "$other" != "[$LINK]" ]
	# each link pinned under its own namespace's inode
	[ -e "$(tcx_pin_dir veth0 egress)/$LINK" ]
}

@test "show errors: unknown device, both directions, a missing value" {
	run --separate-stderr lcj tcx show dev nope0
	assert_failure 1
	assert_equal "$(jqo -c .)" "{\"error\":\"no device 'nope0' in network namespace '$NS'\",\"code\":\"not_found\"}"
	run --separate-stderr lc tcx show dev veth0 ingress egress
	assert_failure 2
	assert_equal "$stderr" "Error: tcx show: 'ingress' and 'egress' exclude each other"
	run --separate-stderr lcj tcx show dev
	assert_failure 2
	assert_json
}

@test "show as another user: the query needs CAP_NET_ADMIN, said so" {
	# in the host's namespace: joining the test's needs CAP_SYS_ADMIN before tcx is asked
	run --separate-stderr runuser -u nobody -- "$LINKCTL" -j tcx show dev lo
	assert_failure 1
	assert_json
	assert_output --partial "needs CAP_"
}
