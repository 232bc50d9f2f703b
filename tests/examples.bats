#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The CI scripts a user would write (docs/examples/), run for real against a namespace:
# their exit codes and messages, checked against ip and /proc, not only against linkctl.

load helpers
load handover

setup() {
	handover_setup
	EX="$REPO_DIR/docs/examples"
	export LINKCTL
	ip -n "$NS" link add veth2 type veth peer name veth3
	ip -n "$NS" link set veth2 up
	ip -n "$NS" link set veth3 up
}
teardown() { lc_teardown; }

@test "deploy-xdp-all-veths: every veth runs the program via a pinned link; a re-run replaces" {
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/deploy-xdp-all-veths" "$NS" "$BPF_DIR/xdp_pass.bpf.o"
	assert_success
	assert_output "deploy: 4 veths of $NS run $BPF_DIR/xdp_pass.bpf.o via bpf_link"
	local dev
	for dev in veth0 veth1 veth2 veth3; do
		[ -n "$(ip_xdp_prog_id "$dev")" ] || fail "$dev has no XDP program (ip)"
	done
	# four links, each pinned once (the bpffs is the caller's: /sys/fs/bpf/linkctl/xdp/...)
	run lcj xdp show
	assert_equal "$(jqo '[.[].modes[0] | select(.attached == "link" and (.pinned | length) == 1)] | length')" 4
	local links
	links=$(jqo -c '[.[].modes[0].link_id] | sort')
	# re-run with another program: the same links, their program replaced in place
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/deploy-xdp-all-veths" "$NS" \
		"$BPF_DIR/xdp_two.bpf.o" xdp_second
	assert_success
	run lcj xdp show
	assert_equal "$(jqo -c '[.[].modes[0].link_id] | sort')" "$links"
	assert_equal "$(jqo -c '[.[].modes[0].prog_name] | unique')" '["xdp_second"]'
	assert_equal "$(ip -n "$NS" -j -d link show veth2 | jq -r '.[0].xdp.prog.name')" xdp_second
	# clean up the default pins this script made in the host's bpffs
	for dev in veth0 veth1 veth2 veth3; do
		lc xdp detach dev "$dev" force >/dev/null
	done
	rmdir "/sys/fs/bpf/linkctl/xdp/$(stat -L -c %i "/run/netns/$NS")"
}

@test "deploy-xdp-all-veths: a failure is named and the exit code is 1" {
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/deploy-xdp-all-veths" "$NS" /etc/passwd
	assert_failure 1
	assert_regex "$stderr" $'^Error: cannot open BPF object /etc/passwd: not a BPF ELF object\ndeploy: veth[0-3] failed$'
	local dev
	for dev in veth0 veth1 veth2 veth3; do
		[ -z "$(ip_xdp_prog_id "$dev")" ] || fail "$dev got a program"
	done
}

@test "fail-on-netlink-xdp: passes on link-owned hooks, fails naming a netlink one" {
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/fail-on-netlink-xdp" "$NS"
	assert_success
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/fail-on-netlink-xdp" "$NS"
	assert_success
	ip -n "$NS" link set veth2 xdpgeneric obj "$BPF_DIR/xdp_drop.bpf.o" sec xdp
	local prog
	prog=$(ip -n "$NS" -j -d link show veth2 | jq '.[0].xdp.prog.id')
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/fail-on-netlink-xdp" "$NS"
	assert_failure 1
	assert_equal "$stderr" "netlink-attached XDP: $NS veth2 skb prog $prog xdp_drop"
	# a namespace that does not exist is the script's error (2), not a pass
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/fail-on-netlink-xdp" "$NS-none"
	assert_failure 2
}

@test "handover-to-daemon: the daemon ends up the only owner; a wrong pid or no daemon fails" {
	lc xdp attach dev veth0 prog "$XDP_OBJ" pin "$BPFFS/l" >/dev/null
	local prog
	prog=$(xdp_prog)
	# the daemon: a process that receives the link and holds it
	mkfifo "$T/ready"
	# the fifo is opened for writing in the child: the parent goes on to read it
	bg bash -c 'exec "$@" 3>"$0"' "$T/ready" "$LINKCTL" -n "$NS" link recv "$T/d.sock" ready 3
	local daemon=$BG_PID
	read -r _ <"$T/ready"
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/handover-to-daemon" "$BPFFS/l" "$T/d.sock" "$daemon"
	assert_success
	local id
	id=$(lcj link list prog "$prog" | jq '.[0].id')
	assert_output "handover: link $id is held by pid $daemon only"
	# witnesses that are not linkctl: /proc fdinfo and the pin directory
	assert_equal "$(link_owner_pids "$id")" "$daemon"
	[ ! -e "$BPFFS/l" ]
	assert_equal "$(xdp_prog)" "$prog"
	# nobody listening: the pin stays, exit 1 with the error class
	lc xdp attach dev veth1 prog "$XDP_OBJ" pin "$BPFFS/m" >/dev/null
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/handover-to-daemon" "$BPFFS/m" "$T/none.sock" 1
	assert_failure 1
	assert_equal "$stderr" "Error: nobody is listening on $T/none.sock; still pinned at $BPFFS/m
handover: nobody is listening on $T/none.sock; still pinned at $BPFFS/m (not_found)"
	[ -e "$BPFFS/m" ]
}

@test "handover-to-daemon: a second holder is caught" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS
	lc link pin id "$id" "$BPFFS/l" >/dev/null
	mkfifo "$T/ready"
	# the fifo is opened for writing in the child: the parent goes on to read it
	bg bash -c 'exec "$@" 3>"$0"' "$T/ready" "$LINKCTL" -n "$NS" link recv "$T/d.sock" ready 3
	local daemon=$BG_PID
	read -r _ <"$T/ready"
	# lc-hold still holds the link: the hand-over works, the check must not pass
	run --separate-stderr env LINKCTL="$LINKCTL" "$EX/handover-to-daemon" "$BPFFS/l" "$T/d.sock" "$daemon"
	assert_failure 1
	assert_output ""
	assert_regex "$stderr" "^handover: link $id is not the daemon's alone: .*\"pid\":$HOLD_PID"
	assert_equal "$(link_owner_pids "$id" | xargs)" "$(printf '%s\n' "$daemon" "$HOLD_PID" | sort -n | xargs)"
}
