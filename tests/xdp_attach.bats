#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp attach: via bpf_link (pinned) and netlink, refusals that name the occupant, atomic
# replace, PROGSPEC errors, pins that cannot be made, missing privileges.

load helpers
load xdp_helpers

@test "attach via link: pinned at the default path, outlives linkctl, JSON exact" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	pin=$(default_pin veth0)
	prog=$(ip_xdp_field veth0 prog.id)
	[ -n "$prog" ]
	[ -e "$pin" ]
	hold_pin "$pin"     # the kernel's word on what the pin holds
	link=$(fdinfo_val "$HOLD_PID" "$HOLD_FD" link_id)
	assert_equal "$(fdinfo_val "$HOLD_PID" "$HOLD_FD" prog_id)" "$prog"
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX0" --argjson p "$prog" \
		--argjson l "$link" --arg t "$(ip_xdp_field veth0 prog.tag)" --arg pin "$pin" \
		'{ifindex:$i, devname:"veth0", mode:"drv", prog_id:$p, prog_name:"xdp_pass",
		  prog_tag:$t, attached:"link", link_id:$l, pinned:[$pin], pids:[]}')"
	assert_equal "$(ip_xdp_mode veth0)" "drv"
	# linkctl has exited long ago: the pin alone keeps it attached
	sleep 0.2
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
}

@test "attach via link: text output names mode, program, link and pin" {
	run --separate-stderr lc xdp attach dev veth0 prog "$XDP_PASS" skb
	assert_success
	pin=$(default_pin veth0)
	prog=$(ip_xdp_field veth0 prog.id)
	hold_pin "$pin"
	link=$(fdinfo_val "$HOLD_PID" "$HOLD_FD" link_id)
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 "$IFINDEX0: veth0  skb  prog $prog xdp_pass tag $(ip_xdp_field veth0 prog.tag)  attached link $link"
	assert_line --index 1 "	pinned $pin"
	assert_equal "$(ip_xdp_mode veth0)" "skb"
}

@test "attach via link: pin PATH makes missing directories; xdp show lists the link" {
	run --separate-stderr lcj xdp attach dev veth1 prog "$XDP_DROP" pin "$BPFFS/a/b/drop"
	assert_success
	assert_equal "$(jqo -c .pinned)" "[\"$BPFFS/a/b/drop\"]"
	link=$(jqo .link_id)
	prog=$(jqo .prog_id)
	assert_equal "$prog" "$(ip_xdp_field veth1 prog.id)"
	[ ! -e "$(default_pin veth1)" ]
	run lcj xdp show dev veth1
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.mode, .prog_id, .attached, .link_id, .pinned]')" \
		"[\"drv\",$prog,\"link\",$link,[\"$BPFFS/a/b/drop\"]]"
}

@test "removing the last pin detaches the link (auto-detach)" {
	run lc xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	[ -n "$(ip_xdp_field veth0 prog.id)" ]
	rm "$(default_pin veth0)"
	wait_no_xdp veth0
	run ip -n "$NS" -d link show veth0
	refute_output --partial "xdp"
	run lcj xdp show
	assert_equal "$output" "[]"
}

@test "attach via netlink in skb and in drv mode" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink skb
	assert_success
	prog=$(ip_xdp_field veth0 prog.id)
	assert_equal "$(ip_xdp_mode veth0)" "skb"
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX0" --argjson p "$prog" \
		--arg t "$(ip_xdp_field veth0 prog.tag)" \
		'{ifindex:$i, devname:"veth0", mode:"skb", prog_id:$p, prog_name:"xdp_pass",
		  prog_tag:$t, attached:"netlink", link_id:null}')"
	run --separate-stderr lc xdp attach dev veth1 prog "$XDP_DROP" via netlink drv
	assert_success
	prog1=$(ip_xdp_field veth1 prog.id)
	assert_equal "$(ip_xdp_mode veth1)" "drv"
	assert_output "$IFINDEX1: veth1  drv  prog $prog1 xdp_drop tag $(ip_xdp_field veth1 prog.tag)  attached netlink"
	# nothing was pinned for a netlink attachment
	run find "$BPFFS" -mindepth 1 ! -name "*.debug"
	assert_output ""
}

@test "attach without a mode lets the kernel pick: drv on veth" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_success
	assert_equal "$(jqo .mode)" "drv"
	assert_equal "$(ip_xdp_mode veth0)" "drv"
}

@test "an occupied hook is refused, naming the link, its pin and its holder" {
	attach_held_link veth0 "$XDP_PASS"
	pin=$PIN prog=$PROG link=$LINK
	msg="veth0 already has an XDP program: prog $prog xdp_pass in drv mode, attached via bpf_link $link (pinned $pin; held by lc-hold.bin($HOLD_PID) fd $HOLD_FD); add 'replace' to swap it"
	lc_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" pin "$BPFFS/second"
	assert_output ""
	lcj_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" pin "$BPFFS/second"
	# the default pin exists: the link there is named rather than the path
	lcj_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
	[ ! -e "$BPFFS/second" ]
}

@test "an occupied netlink hook is refused (text and JSON); nothing changes" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_success
	prog=$(ip_xdp_field veth0 prog.id)
	msg="veth0 already has an XDP program: prog $prog xdp_pass in drv mode, attached via netlink; add 'replace' to swap it"
	for via in netlink link; do
		lc_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" via $via
		lcj_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" via $via drv
	done
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
	run find "$BPFFS" -mindepth 1 ! -name "*.debug"
	assert_output ""
}

@test "native beside generic is refused, naming the generic program" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink skb
	assert_success
	prog=$(ip_xdp_field veth0 prog.id)
	lcj_fails 1 "veth0 has prog $prog xdp_pass in skb mode, attached via netlink; native and generic XDP cannot be active at the same time" \
		xdp attach dev veth0 prog "$XDP_DROP" via netlink drv
	assert_equal "$(ip_xdp_mode veth0)" "skb"
}

@test "netlink over a bpf_link: the kernel refuses; the error names link and holder" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	link=$HOLD_IDS
	prog=$(ip_xdp_field veth0 prog.id)
	fd=$(fd_with "$HOLD_PID" link_id "$link")
	msg="a bpf_link owns the XDP hook of veth0: prog $prog xdp_pass in drv mode, attached via bpf_link $link (not pinned; held by lc-hold.bin($HOLD_PID) fd $fd); netlink cannot replace it (replace via link, or detach the link)"
	lc_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" via netlink replace
	lcj_fails 1 "$msg" xdp attach dev veth0 prog "$XDP_DROP" via netlink
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
}

@test "replace via netlink swaps the program atomically; the old one is unloaded" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink
	old=$(jqo .prog_id)
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_DROP" replace
	assert_success
	new=$(ip_xdp_field veth0 prog.id)
	[ "$new" != "$old" ]
	assert_equal "$(jqo -c '[.prog_id, .prog_name, .attached, .replaced_prog_id, .mode]')" \
		"[$new,\"xdp_drop\",\"netlink\",$old,\"drv\"]"
	# the old program was held by the attachment alone
	lcj_fails 1 "no program with id $old" prog show id "$old"
	run lcj prog show id "$new"
	assert_equal "$(jqo .name)" "xdp_drop"
	# with old-prog naming the current program, in text form
	run --separate-stderr lc xdp attach dev veth0 prog "$XDP_PASS" via netlink replace old-prog "$new"
	assert_success
	third=$(ip_xdp_field veth0 prog.id)
	assert_line --index 0 "$IFINDEX0: veth0  drv  prog $third xdp_pass tag $(ip_xdp_field veth0 prog.tag)  attached netlink"
	assert_line --index 1 "	replaced prog $new"
}

@test "replace of a link-owned hook updates the link in place (same link, same pin)" {
	attach_held_link veth0 "$XDP_PASS"
	pin=$PIN old=$PROG link=$LINK
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_DROP" replace old-prog "$old"
	assert_success
	new=$(ip_xdp_field veth0 prog.id)
	[ "$new" != "$old" ]
	assert_equal "$(jqo -c '[.prog_id, .attached, .link_id, .replaced_prog_id, .pinned]')" \
		"[$new,\"link\",$link,$old,[\"$pin\"]]"
	assert_equal "$(jqo -c '.pids | map(.pid)')" "[$HOLD_PID]"
	assert_equal "$(fdinfo_val "$HOLD_PID" "$HOLD_FD" prog_id)" "$new"
	# via link said explicitly, text form
	run --separate-stderr lc xdp attach dev veth0 prog "$XDP_PASS" via link replace
	assert_success
	third=$(ip_xdp_field veth0 prog.id)
	assert_equal "$(fdinfo_val "$HOLD_PID" "$HOLD_FD" prog_id)" "$third"
	assert_line --index 0 "$IFINDEX0: veth0  drv  prog $third xdp_pass tag $(ip_xdp_field veth0 prog.tag)  attached link $link"
	assert_line --index 1 "	pinned $pin"
	assert_line --index 2 "	pids lc-hold.bin($HOLD_PID) fd $HOLD_FD"
	assert_line --index 3 "	replaced prog $new"
}

@test "a stale old-prog fails and leaves the program in place (netlink and link)" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink
	prog=$(ip_xdp_field veth0 prog.id)
	stale=$((prog + 100000))
	lc_fails 1 "old-prog $stale is stale: veth0 runs program $prog in drv mode; nothing changed" \
		xdp attach dev veth0 prog "$XDP_DROP" replace old-prog "$stale"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
	run lc xdp attach dev veth1 prog "$XDP_PASS" skb
	prog1=$(ip_xdp_field veth1 prog.id)
	lcj_fails 1 "old-prog $prog is stale: veth1 runs program $prog1 in skb mode; nothing changed" \
		xdp attach dev veth1 prog "$XDP_DROP" replace old-prog "$prog"
	assert_equal "$(ip_xdp_field veth1 prog.id)" "$prog1"
	# old-prog on an empty hook
	run --separate-stderr lc -j xdp detach dev veth1 force
	lcj_fails 1 "old-prog $prog1 is stale: veth1 has no XDP program; nothing changed" \
		xdp attach dev veth1 prog "$XDP_DROP" replace old-prog "$prog1"
}

@test "replace via link over a netlink attachment is refused" {
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink
	prog=$(ip_xdp_field veth0 prog.id)
	lcj_fails 1 "veth0: prog $prog xdp_pass in drv mode, attached via netlink; a bpf_link cannot take over a netlink attachment (replace via netlink, or detach it first)" \
		xdp attach dev veth0 prog "$XDP_DROP" via link replace
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
}

@test "replace on an empty hook attaches" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" replace
	assert_success
	assert_equal "$(jqo -c '[.attached, .prog_id, has("replaced_prog_id")]')" \
		"[\"link\",$(ip_xdp_field veth0 prog.id),false]"
}

@test "an object with two XDP programs needs name or sec; both are listed" {
	msg="$BPF_DIR/xdp_two.bpf.o has 2 xdp programs: xdp_first (section xdp), xdp_second (section xdp.frags); choose one with 'name PROG' or 'sec SECTION'"
	lc_fails 1 "$msg" xdp attach dev veth0 prog "$BPF_DIR/xdp_two.bpf.o"
	lcj_fails 1 "$msg" xdp attach dev veth0 prog "$BPF_DIR/xdp_two.bpf.o" via netlink
	assert_equal "$(ip_xdp_mode veth0)" "none"
	run lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_two.bpf.o" name xdp_second via netlink
	assert_success
	assert_equal "$(jqo .prog_name)" "xdp_second"
	run lcj xdp attach dev veth1 prog "$BPF_DIR/xdp_two.bpf.o" sec xdp via netlink
	assert_success
	assert_equal "$(jqo .prog_name)" "xdp_first"
	lcj_fails 1 "$BPF_DIR/xdp_two.bpf.o has no program named 'nope' (it has xdp_first (section xdp), xdp_second (section xdp.frags))" \
		xdp attach dev veth1 prog "$BPF_DIR/xdp_two.bpf.o" name nope
}

@test "a non-XDP program is refused (file, by name, by id)" {
	lc_fails 1 "$BPF_DIR/raw_tp.bpf.o has no xdp program (it has rtp_sys_enter (section raw_tracepoint/sys_enter))" \
		xdp attach dev veth0 prog "$BPF_DIR/raw_tp.bpf.o"
	lcj_fails 1 "$BPF_DIR/raw_tp.bpf.o: rtp_sys_enter is of type raw_tracepoint, not xdp" \
		xdp attach dev veth0 prog "$BPF_DIR/raw_tp.bpf.o" name rtp_sys_enter
	id=$("$PINPROG" "$BPF_DIR/raw_tp.bpf.o" "$BPFFS/rtp")
	lcj_fails 1 "program $id (rtp_sys_enter) is of type raw_tracepoint, not xdp" \
		xdp attach dev veth0 prog id "$id"
	lcj_fails 1 "program $id (rtp_sys_enter) is of type raw_tracepoint, not xdp" \
		xdp attach dev veth0 prog pinned "$BPFFS/rtp" via netlink
	assert_equal "$(ip_xdp_mode veth0)" "none"
}

@test "programs by id and by pin attach; the pinned program stays loaded after detach" {
	id=$("$PINPROG" "$XDP_DROP" "$BPFFS/drop")
	run --separate-stderr lcj xdp attach dev veth0 prog pinned "$BPFFS/drop" via netlink
	assert_success
	assert_equal "$(jqo .prog_id)" "$id"
	run --separate-stderr lcj xdp attach dev veth1 prog id "$id" pin "$BPFFS/l1"
	assert_success
	assert_equal "$(jqo -c '[.prog_id, .attached]')" "[$id,\"link\"]"
	assert_equal "$(ip_xdp_field veth1 prog.id)" "$id"
	run lc xdp detach dev veth0
	assert_success
	run lc xdp detach dev veth1 force
	assert_success
	run lcj prog show pinned "$BPFFS/drop"
	assert_success
	assert_equal "$(jqo -c '[.id, .name, .pinned]')" "[$id,\"xdp_drop\",[\"$BPFFS/drop\"]]"
}

@test "a pin that cannot be made leaves nothing attached" {
	mkdir -p "/tmp/${LC_TEST_PREFIX}-notbpf-$$"
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" pin "/tmp/${LC_TEST_PREFIX}-notbpf-$$/x"
	rmdir "/tmp/${LC_TEST_PREFIX}-notbpf-$$"
	assert_failure 1
	assert_equal "$(jqo .error)" "/tmp/${LC_TEST_PREFIX}-notbpf-$$/x is not on a bpffs (/tmp/${LC_TEST_PREFIX}-notbpf-$$ is not a bpf filesystem)"
	assert_equal "$(ip_xdp_mode veth0)" "none"
	# an existing path is never overwritten
	"$PINPROG" "$XDP_PASS" "$BPFFS/taken" >/dev/null
	lc_fails 1 "$BPFFS/taken already exists; not overwriting it" \
		xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/taken"
	assert_equal "$(ip_xdp_mode veth0)" "none"
	# the kernel refuses the pin after the link exists: the link is closed, so detached
	long=$(printf 'n%.0s' $(seq 300))
	lc_fails 1 "cannot pin at $BPFFS/$long: File name too long (link closed: nothing attached)" \
		xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/$long"
	wait_no_xdp veth0
	run lcj xdp show
	assert_equal "$output" "[]"
}

@test "--nomount: a default pin needs a bpffs at the root" {
	root="$BATS_TEST_TMPDIR/root"    # bats removes it even when the test fails
	mkdir -p "$root"
	run --separate-stderr "$LINKCTL" -j --nomount --bpffs "$root" -n "$NS" xdp attach dev veth0 prog "$XDP_PASS"
	rmdir "$root"
	assert_failure 1
	assert_equal "$(jqo .error)" "$root is not a bpffs and --nomount forbids mounting one"
	assert_equal "$(ip_xdp_mode veth0)" "none"
}

@test "-n: default pins of the same device name in two namespaces do not collide" {
	NS2="${NS}-b"
	ip netns add "$NS2"
	ip -n "$NS2" link add veth0 type veth peer name veth1
	ip -n "$NS2" link set veth0 up
	run lcj xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	run "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS2" xdp attach dev veth0 prog "$XDP_DROP"
	status2=$status
	out2=$output
	prog2=$(ip_xdp_field veth0 prog.id "$NS2")
	pin2=$(default_pin veth0 "$NS2")
	ip netns del "$NS2"
	assert_equal "$status2" 0
	assert_equal "$(echo "$out2" | jq -r '.pinned[0]')" "$pin2"
	assert_equal "$(echo "$out2" | jq -r '.prog_id')" "$prog2"
	[ "$pin2" != "$(default_pin veth0)" ]
	assert_equal "$(ip_xdp_field veth0 prog.name)" "xdp_pass"
}

@test "grammar: bad combinations are usage errors (exit 2)" {
	lcj_fails 2 "xdp attach: 'pin' applies to link attachments only" \
		xdp attach dev veth0 prog "$XDP_PASS" via netlink pin "$BPFFS/x"
	lc_fails 2 "xdp attach: 'old-prog' needs 'replace'" \
		xdp attach dev veth0 prog "$XDP_PASS" old-prog 5
	lcj_fails 2 "xdp attach: 'skb' and 'drv' exclude each other" \
		xdp attach dev veth0 prog "$XDP_PASS" skb drv
	lcj_fails 2 "xdp attach: missing 'dev'" xdp attach prog "$XDP_PASS"
	lcj_fails 2 "xdp attach: invalid value 'tc' for 'via' (expected link|netlink)" \
		xdp attach dev veth0 prog "$XDP_PASS" via tc
	lcj_fails 1 "no device 'nosuchdev' in network namespace '$NS'" \
		xdp attach dev nosuchdev prog "$XDP_PASS"
	assert_equal "$(ip_xdp_mode veth0)" "none"
}

@test "without CAP_BPF and CAP_NET_ADMIN: one line naming them" {
	drop() { ip netns exec "$NS" setpriv --bounding-set -all --inh-caps -all -- "$LINKCTL" --bpffs "$BPFFS" "$@"; }
	run --separate-stderr drop xdp attach dev veth0 prog "$XDP_PASS"
	assert_failure 1
	assert_equal "$stderr" "Error: cannot load xdp_pass from $XDP_PASS: Operation not permitted (needs CAP_BPF and CAP_NET_ADMIN)"
	run --separate-stderr drop -j xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot load xdp_pass from $XDP_PASS: Operation not permitted (needs CAP_BPF and CAP_NET_ADMIN)"
	assert_equal "$(ip_xdp_mode veth0)" "none"
	# with exactly CAP_BPF and CAP_NET_ADMIN (no CAP_SYS_ADMIN) an attach works
	caps=-all,+bpf,+net_admin
	run --separate-stderr ip netns exec "$NS" setpriv --inh-caps $caps --ambient-caps +bpf,+net_admin \
		--bounding-set $caps -- "$LINKCTL" -j --bpffs "$BPFFS" xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_success
	assert_equal "$(jqo -c '[.prog_id, .prog_name]')" "[$(ip_xdp_field veth0 prog.id),\"xdp_pass\"]"
}

@test "a default pin under a root without a bpffs mounts one there (empty directory)" {
	root="$BATS_TEST_TMPDIR/root"    # bats removes it even when the test fails
	mkdir -p "$root"
	run --separate-stderr "$LINKCTL" -j --bpffs "$root" -n "$NS" xdp attach dev veth0 prog "$XDP_PASS"
	mounted=$(findmnt -n -o FSTYPE "$root")
	pinned=$(jqo '.pinned[0]')
	prog=$(ip_xdp_field veth0 prog.id)
	umount "$root" 2>/dev/null
	rmdir "$root"
	assert_success
	assert_equal "$mounted" "bpf"
	assert_equal "$pinned" "$root/linkctl/xdp/$(netns_ino)/veth0"
	[ -n "$prog" ]
	wait_no_xdp veth0      # the unmount dropped the only pin
}

@test "the kernel's extended ack is part of a netlink refusal" {
	ip -n "$NS" link set veth1 mtu 9000      # too large for a non-frags program on veth0
	lc_fails 1 "cannot attach XDP program to veth0: veth: Peer MTU is too large to set XDP (Numerical result out of range)" \
		xdp attach dev veth0 prog "$XDP_PASS" via netlink drv
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink drv
	assert_equal "$(jqo .error)" "cannot attach XDP program to veth0: veth: Peer MTU is too large to set XDP (Numerical result out of range)"
	# BPF_LINK_CREATE has no extended ack: the errno is all there is; nothing is left
	lcj_fails 1 "cannot attach an XDP link to veth0: Numerical result out of range" \
		xdp attach dev veth0 prog "$XDP_PASS"
	run find "$BPFFS" -mindepth 1 ! -name "*.debug"
	assert_output ""
	# a frags-aware program is fine with the large MTU
	run --separate-stderr lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_two.bpf.o" name xdp_second via netlink drv
	assert_success
	assert_equal "$(jqo .prog_name)" "xdp_second"
}

@test "a bpffs root with files in it is never mounted over (text and JSON)" {
	root="$BATS_TEST_TMPDIR/root"    # bats removes it even when the test fails
	mkdir -p "$root"
	echo keep >"$root/user-file"
	run --separate-stderr "$LINKCTL" --bpffs "$root" -n "$NS" xdp attach dev veth0 prog "$XDP_PASS"
	assert_failure 1
	assert_equal "$stderr" "Error: $root is not a bpffs and is not empty; not mounting over its files"
	run --separate-stderr "$LINKCTL" -j --bpffs "$root" -n "$NS" xdp attach dev veth0 prog "$XDP_PASS"
	assert_failure 1
	assert_equal "$(jqo .error)" "$root is not a bpffs and is not empty; not mounting over its files"
	mountpoint -q "$root" && fail "a bpffs was mounted over $root"
	assert_equal "$(cat "$root/user-file")" keep
	rm -rf "$root"
	assert_equal "$(ip_xdp_mode veth0)" "none"
}

@test "a refused attach unmounts the bpffs it mounted for the default pin" {
	root="$BATS_TEST_TMPDIR/root"    # bats removes it even when the test fails
	mkdir -p "$root"
	run lc xdp attach dev veth0 prog "$XDP_PASS" via netlink
	assert_success
	run --separate-stderr "$LINKCTL" -j --bpffs "$root" -n "$NS" xdp attach dev veth0 prog "$XDP_DROP"
	assert_failure 1
	mountpoint -q "$root" && { umount "$root"; rmdir "$root"; fail "the bpffs stayed mounted"; }
	rmdir "$root"
}

@test "an alternative name gives the device's own default pin (JSON and text)" {
	ip -n "$NS" link property add dev veth0 altname lcalt0
	run lcj xdp attach dev lcalt0 prog "$XDP_PASS"
	assert_success
	assert_equal "$(jqo -r '.pinned[0]')" "$(default_pin veth0)"
	assert_equal "$(jqo '.ifindex')" "$IFINDEX0"
	[ ! -e "$(default_pin lcalt0)" ]
	run lc xdp detach dev lcalt0 force
	assert_success
	run lc xdp attach dev lcalt0 prog "$XDP_PASS"
	assert_success
	assert_output --partial "$(default_pin veth0)"
}
