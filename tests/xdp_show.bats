#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp show: every device with XDP from one dump, link or netlink per mode by the
# attribution rule (ifindex + program), pins and owners of links.

load helpers
load xdp_helpers

@test "nothing attached: an empty list; a named device shows no program" {
	run --separate-stderr lcj xdp show
	assert_success
	assert_equal "$output" "[]"
	run --separate-stderr lc xdp show
	assert_success
	assert_output ""
	run --separate-stderr lcj xdp show dev veth0
	assert_success
	assert_equal "$(jqo -c .)" "[{\"ifindex\":$IFINDEX0,\"devname\":\"veth0\",\"modes\":[]}]"
	run --separate-stderr lc xdp show dev veth0
	assert_output "$IFINDEX0: veth0  no XDP program"
}

@test "a link and a netlink attachment side by side (JSON exact, ifindex order)" {
	attach_held_link veth0 "$XDP_PASS"
	pin=$PIN link=$LINK p0=$PROG
	run lc xdp attach dev veth1 prog "$XDP_DROP" via netlink skb
	p1=$(ip_xdp_field veth1 prog.id)
	run --separate-stderr lcj xdp show
	assert_success
	expected=$(jq -cn --argjson i0 "$IFINDEX0" --argjson i1 "$IFINDEX1" --argjson p0 "$p0" \
		--argjson p1 "$p1" --arg t0 "$(ip_xdp_field veth0 prog.tag)" \
		--arg t1 "$(ip_xdp_field veth1 prog.tag)" --argjson l "$link" --arg pin "$pin" \
		--argjson pid "$HOLD_PID" --argjson fd "$HOLD_FD" '
		[{ifindex:$i0, devname:"veth0", modes:[{mode:"drv", prog_id:$p0, prog_name:"xdp_pass",
		   prog_tag:$t0, attached:"link", link_id:$l, pinned:[$pin],
		   pids:[{pid:$pid, comm:"lc-hold.bin", fd:$fd}]}]},
		 {ifindex:$i1, devname:"veth1", modes:[{mode:"skb", prog_id:$p1, prog_name:"xdp_drop",
		   prog_tag:$t1, attached:"netlink", link_id:null}]}] | sort_by(.ifindex)')
	assert_equal "$(jqo -c .)" "$expected"
}

@test "text form: one line per hook, pins and holders under links" {
	attach_held_link veth0 "$XDP_PASS" "$BPFFS/p0"
	link=$LINK
	run lc xdp attach dev veth1 prog "$XDP_DROP" via netlink
	run --separate-stderr lc xdp show dev veth0
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 "$IFINDEX0: veth0  drv  prog $(ip_xdp_field veth0 prog.id) xdp_pass tag $(ip_xdp_field veth0 prog.tag)  attached link $link"
	assert_line --index 1 "	pinned $BPFFS/p0"
	assert_line --index 2 "	pids lc-hold.bin($HOLD_PID) fd $HOLD_FD"
	run --separate-stderr lc xdp show dev veth1
	assert_output "$IFINDEX1: veth1  drv  prog $(ip_xdp_field veth1 prog.id) xdp_drop tag $(ip_xdp_field veth1 prog.tag)  attached netlink"
	# the object alone runs its default verb, show
	run --separate-stderr lc xdp
	assert_success
	assert_equal "${#lines[@]}" 4
}

@test "an unpinned link held by a process: attached link, no pins, its holder" {
	hold -n "$NS" xdp veth1 "$XDP_PASS" skb
	run --separate-stderr lcj xdp show dev veth1
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .attached, .link_id, .pinned, (.pids | map(.pid))]')" \
		"[\"skb\",\"link\",$HOLD_IDS,[],[$HOLD_PID]]"
	run --separate-stderr "$LINKCTL" -j --no-owners -n "$NS" xdp show dev veth1
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.attached, .link_id, has("pinned"), has("pids")]')" \
		"[\"link\",$HOLD_IDS,false,false]"
}

# show dev scans the pins and holders of the device's link alone: a link nothing but its
# pin holds needs no pass over every process's files (its reference count says so). A
# link held by a process is found by a pass for that link (the test above).
@test "show dev: a pinned link's pins and holders, without a pass over every process" {
	lc xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/p0"
	local link0 prog0
	link0=$(lcj xdp show dev veth0 | jq '.[0].modes[0].link_id')
	prog0=$(ip_xdp_field veth0 prog.id)
	assert_equal "$(bpftool -j link show id "$link0" | jq -c '[.type, .prog_id]')" "[\"xdp\",$prog0]"
	run --separate-stderr bash -c '"$0" -d -j --bpffs "$1" -n "$2" xdp show dev veth0 2>&1 >/dev/null' \
		"$LINKCTL" "$BPFFS" "$NS"
	assert_line "linkctl: link owners of link $link0: none (its reference count leaves room for its 1 pinned file only)"
	# no iterator over every process (each one linkctl made is tid-filtered)
	assert_equal "$(strace -f -e trace=bpf "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" xdp show dev veth0 2>&1 >/dev/null |
		grep -c 'attach_type=BPF_TRACE_ITER.*iter_info=NULL')" 0
	run --separate-stderr lcj xdp show dev veth0
	assert_equal "$(jqo -c '.[0].modes[0] | [.link_id, .pinned, .pids]')" "[$link0,[\"$BPFFS/p0\"],[]]"
}

@test "the rule matches ifindex and program: the same program via netlink is not a link" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/l0"
	prog=$(ip_xdp_field veth0 prog.id)
	# same program, other device, via netlink: only veth0 is link-owned
	run lc xdp attach dev veth1 prog id "$prog" via netlink
	assert_success
	run --separate-stderr lcj xdp show
	assert_equal "$(jqo -c 'map([.devname, .modes[0].prog_id, .modes[0].attached]) | sort')" \
		"[[\"veth0\",$prog,\"link\"],[\"veth1\",$prog,\"netlink\"]]"
}

@test "show errors: unknown device, bad keyword" {
	assert_refused 1 "no device 'nosuchdev' in network namespace '$NS'" xdp show dev nosuchdev
	lcj_fails 2 "xdp show: unexpected argument 'bogus'" xdp show bogus
}

@test "xdp help: the grammar of every verb" {
	run --separate-stderr lc xdp help
	assert_success
	assert_line --index 0 "Usage: linkctl xdp attach dev IFNAME prog PROGSPEC [via link|netlink] [ skb | drv | hw ] [ pin PATH | exec -- CMD [ARGS...] ] [replace] [old-prog ID]"
	assert_line --index 1 "       linkctl xdp detach dev IFNAME [ skb | drv | hw ] [force]"
	assert_line --index 2 "       linkctl xdp show [dev IFNAME]"
	run lcj xdp help
	assert_equal "$(jqo -c '[.verbs[].verb]')" '["attach","detach","show"]'
}
