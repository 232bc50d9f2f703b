#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp detach: netlink attachments by expected program, links only with force (pins
# removed, holders reported), clear errors when there is nothing to detach.

load helpers
load xdp_helpers

@test "detach a netlink attachment (text); the program is unloaded" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink
	prog=$(jqo .prog_id)
	tag=$(jqo .prog_tag)
	run --separate-stderr lc xdp detach dev veth0
	assert_success
	assert_output "$IFINDEX0: veth0  drv  prog $prog xdp_pass tag $tag  detached, was attached via netlink"
	assert_equal "$(ip_xdp_mode veth0)" "none"
	run lcj prog show id "$prog"
	assert_failure 1
}

@test "detach a netlink attachment in skb mode (JSON exact)" {
	run lcj xdp attach dev veth1 prog "$XDP_DROP" via netlink skb
	prog=$(jqo .prog_id)
	tag=$(jqo .prog_tag)
	# the empty drv hook is left as it is: nothing to do, and the skb program stays
	run --separate-stderr lcj xdp detach dev veth1 drv
	assert_success
	assert_equal "$(jqo -c '[.mode, .detached, .note]')" '["drv",false,"veth1 has no XDP program in drv mode"]'
	assert_equal "$(ip_xdp_mode veth1)" "skb"
	run --separate-stderr lcj xdp detach dev veth1 skb
	assert_success
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX1" --argjson p "$prog" --arg t "$tag" \
		'{ifindex:$i, devname:"veth1", mode:"skb", prog_id:$p, prog_name:"xdp_drop",
		  prog_tag:$t, attached:"netlink", link_id:null}')"
	assert_equal "$(ip_xdp_mode veth1)" "none"
}

@test "nothing attached: exit 0 with a note (as ip and bpftool), so a CI step can run again" {
	run --separate-stderr lc xdp detach dev veth0
	assert_success
	assert_output "veth0 has no XDP program; nothing detached"
	assert_equal "$stderr" ""
	run --separate-stderr lcj xdp detach dev veth0 skb
	assert_success
	assert_equal "$(jqo -c .)" "{\"ifindex\":$IFINDEX0,\"devname\":\"veth0\",\"mode\":\"skb\",\"detached\":false,\"note\":\"veth0 has no XDP program in skb mode\"}"
	# ip agrees: still nothing there
	assert_equal "$(ip_xdp_prog_id veth0)" ""
	# a second detach after a real one is the same note
	lc xdp attach dev veth0 prog "$XDP_DROP" via netlink skb
	lc xdp detach dev veth0
	run --separate-stderr lc xdp detach dev veth0
	assert_success
	assert_output "veth0 has no XDP program; nothing detached"
	run --separate-stderr lcj xdp detach dev nosuchdev
	assert_failure 1
	assert_equal "$(jqo .error)" "no device 'nosuchdev' in network namespace '$NS'"
	run --separate-stderr lcj xdp detach
	assert_failure 2
	assert_equal "$(jqo .error)" "xdp detach: missing 'dev'"
}

@test "a link-owned hook is refused without force, naming link, pin and holder" {
	attach_held_link veth0 "$XDP_PASS"
	pin=$PIN prog=$PROG link=$LINK
	msg="veth0: prog $prog xdp_pass in drv mode, attached via bpf_link $link (pinned $pin; held by lc-hold.bin($HOLD_PID) fd $HOLD_FD); add 'force' to remove its pins and detach the link"
	run --separate-stderr lc xdp detach dev veth0
	assert_failure 1
	assert_equal "$stderr" "Error: $msg"
	run --separate-stderr lcj xdp detach dev veth0 drv
	assert_failure 1
	assert_equal "$(jqo .error)" "$msg"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
	[ -e "$pin" ]
}

@test "force: pins removed, link detached, holders reported with a defunct link" {
	attach_held_link veth0 "$XDP_PASS" "$BPFFS/one"
	pin=$PIN prog=$PROG link=$LINK
	tag=$(ip_xdp_field veth0 prog.tag)
	run --separate-stderr lcj xdp detach dev veth0 force
	assert_success
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX0" --argjson p "$prog" --arg t "$tag" \
		--argjson l "$link" --arg pin "$pin" --argjson pid "$HOLD_PID" --argjson fd "$HOLD_FD" \
		'{ifindex:$i, devname:"veth0", mode:"drv", prog_id:$p, prog_name:"xdp_pass",
		  prog_tag:$t, attached:"link", link_id:$l, unpinned:[$pin],
		  pids:[{pid:$pid, comm:"lc-hold.bin", fd:$fd}]}')"
	[ ! -e "$pin" ]
	assert_equal "$(ip_xdp_mode veth0)" "none"
	# the holder's fd still names the link, which lost its device
	assert_equal "$(fdinfo_val "$HOLD_PID" "$HOLD_FD" link_id)" "$link"
	assert_equal "$(fdinfo_val "$HOLD_PID" "$HOLD_FD" ifindex)" "0"
}

@test "force in text form: the unpinned path and the holders" {
	hold -n "$NS" xdp veth1 "$XDP_DROP" skb
	link=$HOLD_IDS
	prog=$(ip_xdp_field veth1 prog.id)
	fd=$(fd_with "$HOLD_PID" link_id "$link")
	run --separate-stderr lc xdp detach dev veth1 force
	assert_success
	assert_line --index 0 "$IFINDEX1: veth1  skb  prog $prog xdp_drop tag $(lcj prog show id "$prog" | jq -r .tag)  detached, was attached via link $link"
	assert_line --index 1 "	pids lc-hold.bin($HOLD_PID) fd $fd"
	assert_line --index 2 "	(these processes now hold a defunct link)"
	assert_equal "$(ip_xdp_mode veth1)" "none"
}

@test "force on a link that only its pin holds: the pin goes and so does the link" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/p1"
	run --separate-stderr lcj xdp detach dev veth0 force
	assert_success
	assert_equal "$(jqo -c '[.unpinned, .pids]')" "[[\"$BPFFS/p1\"],[]]"
	assert_equal "$(ip_xdp_mode veth0)" "none"
	run find "$BPFFS" -mindepth 1 ! -name "*.debug"
	assert_output ""
}

@test "-n: the same device name in another namespace is left alone" {
	NS2="${NS}-b"
	ip netns add "$NS2"
	ip -n "$NS2" link add veth0 type veth peer name veth1
	ip -n "$NS2" link set veth0 up
	run "$LINKCTL" --bpffs "$BPFFS" -n "$NS2" xdp attach dev veth0 prog "$XDP_PASS" via netlink
	run lc xdp attach dev veth0 prog "$XDP_DROP" via netlink
	run --separate-stderr lcj xdp detach dev veth0
	status1=$status
	other=$(ip_xdp_field veth0 prog.name "$NS2")
	ip netns del "$NS2"
	assert_equal "$status1" 0
	assert_equal "$(jqo .prog_name)" "xdp_drop"
	assert_equal "$other" "xdp_pass"
	assert_equal "$(ip_xdp_mode veth0)" "none"
}

@test "detach force with the bpffs bind-mounted twice: each pin once, the detach completes" {
	bind="/tmp/${LC_TEST_PREFIX}-bind-$$"
	mkdir -p "$bind"
	mount --bind "$BPFFS" "$bind"
	run lcj xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/twice"
	assert_success
	link_id=$(jqo .link_id)
	run lcj link show id "$link_id"
	assert_equal "$(jqo '.pinned | length')" 1
	run lcj xdp detach dev veth0 force
	status_detach=$status
	detached=$(jqo '.unpinned | length')
	umount "$bind"
	rmdir "$bind"
	assert_equal "$status_detach" 0
	assert_equal "$detached" 1
	[ ! -e "$BPFFS/twice" ]
	assert_equal "$(ip_xdp_prog_id veth0)" ""
}
