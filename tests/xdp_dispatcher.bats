#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp and libxdp's multi-program dispatcher: xdp show recognises it (its config, its slots,
# libxdp's pin directory), xdp detach refuses to cut its programs off without force, xdp
# attach names them. The dispatcher here is libxdp's own object loaded with libxdp's config
# (tests/tools/lc-dispatcher.c); filling its slots needs freplace, which this host cannot
# load: the component tests run under qemu on Debian's kernels and skip here.

load helpers
load xdp_helpers

DISPATCHER_OBJ=$(ls /usr/lib/*/bpf/xdp-dispatcher.o 2>/dev/null | head -1)
DISPATCHER_TOOL="$TESTS_DIR/tools/lc-dispatcher.bin"

# Load a dispatcher with $1 enabled slots, attach it to veth0 via netlink (as libxdp does);
# sets DISP (its ID).
attach_dispatcher() {
	[ -n "$DISPATCHER_OBJ" ] || skip "libxdp's xdp-dispatcher.o is not installed (libxdp1)"
	DISP=$("$DISPATCHER_TOOL" "$DISPATCHER_OBJ" "$BPFFS/disp" "$1" 2>/dev/null)
	ip -n "$NS" link set dev veth0 xdpgeneric pinned "$BPFFS/disp"
	rm "$BPFFS/disp"
}

@test "show: a dispatcher's version, slots, priorities and chain actions, JSON exact" {
	attach_dispatcher 2
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$DISP"
	run --separate-stderr lcj xdp show dev veth0
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0].dispatcher')" \
		'{"version":2,"num_progs_enabled":2,"pin_dir":null,"components":[{"slot":0,"run_prio":10,"chain_call_actions":["pass"],"prog_id":null,"link_id":null},{"slot":1,"run_prio":20,"chain_call_actions":["pass"],"prog_id":null,"link_id":null}]}'
	run --separate-stderr lc xdp show dev veth0
	assert_line --index 0 --regexp "^$IFINDEX0: veth0  skb  prog $DISP xdp_dispatcher tag [0-9a-f]{16}  attached netlink\$"
	assert_line --index 1 "	libxdp dispatcher version 2, 2 programs enabled"
	assert_line --index 2 "	slot 0 prio 10 chain pass  no program linked"
	assert_line --index 3 "	slot 1 prio 20 chain pass  no program linked"
}

@test "show: libxdp's pin directory bpffs/xdp/dispatch-IFINDEX-PROGID is found" {
	attach_dispatcher 1
	mkdir -p "$BPFFS/xdp/dispatch-$IFINDEX0-$DISP"
	run --separate-stderr lcj xdp show dev veth0
	assert_equal "$(jqo -r '.[0].modes[0].dispatcher.pin_dir')" "$BPFFS/xdp/dispatch-$IFINDEX0-$DISP"
}

@test "show: a program named xdp_dispatcher without libxdp's config is no dispatcher" {
	[ -n "$DISPATCHER_OBJ" ] || skip "libxdp's xdp-dispatcher.o is not installed (libxdp1)"
	bpftool prog load "$DISPATCHER_OBJ" "$BPFFS/plain" type xdp 2>/dev/null
	ip -n "$NS" link set dev veth0 xdpgeneric pinned "$BPFFS/plain"
	run --separate-stderr lcj xdp show dev veth0
	assert_success
	assert_equal "$(jqo -c '.[0].modes[0] | [.prog_name, has("dispatcher")]')" '["xdp_dispatcher",false]'
}

@test "detach: a dispatcher hook is refused without force, naming its slots; force detaches" {
	attach_dispatcher 2
	run --separate-stderr lcj xdp detach dev veth0
	assert_failure 1
	assert_equal "$(jqo .error)" "veth0 runs libxdp's dispatcher (prog $DISP) with slot 0 (prio 10, no program linked), slot 1 (prio 20, no program linked); detaching it cuts them off: add 'force'"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$DISP"
	run --separate-stderr lc xdp detach dev veth0 force
	assert_success
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
}

@test "attach over a dispatcher: refused naming it; replace is the explicit swap" {
	attach_dispatcher 1
	run --separate-stderr lc xdp attach dev veth0 prog "$XDP_PASS" via netlink skb
	assert_failure 1
	assert_equal "$stderr" "Error: veth0 already has an XDP program: prog $DISP xdp_dispatcher in skb mode, attached via netlink; a libxdp dispatcher with slot 0 (prio 10, no program linked); add 'replace' to swap it"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$DISP"
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink skb replace old-prog "$DISP"
	assert_success
	assert_equal "$(jqo .replaced_prog_id)" "$DISP"
}

# ---- with xdp-loader's components: kernels that can load freplace (qemu matrix) ----

# xdp-loader puts two programs behind a dispatcher, or the test skips naming what is missing.
load_components() {
	command -v xdp-loader >/dev/null || skip "xdp-loader is not installed (xdp-tools)"
	if ! ip netns exec "$NS" env LIBXDP_BPFFS="$BPFFS" \
		xdp-loader load -m skb veth0 "$XDP_PASS" "$XDP_DROP" >/dev/null 2>&1; then
		skip "this kernel cannot load freplace programs (no ftrace trampolines): libxdp's dispatcher runs under qemu on Debian's kernels"
	fi
	DISP=$(ip_xdp_field veth0 prog.id)
}

@test "show: xdp-loader's programs as the dispatcher's slots, with their freplace links and libxdp's pins" {
	load_components
	dir="$BPFFS/xdp/dispatch-$IFINDEX0-$DISP"
	run --separate-stderr lcj xdp show dev veth0
	assert_success
	assert_equal "$(jqo -r '.[0].modes[0].dispatcher.pin_dir')" "$dir"
	assert_equal "$(jqo -c '.[0].modes[0].dispatcher | [.version, .num_progs_enabled, (.components | length)]')" "[2,2,2]"
	for slot in 0 1; do
		# bpftool's word on the link libxdp pinned for the slot (bpftool 7.1 names no target)
		want=$(bpftool -j link show pinned "$dir/prog$slot-link" | jq -c '[.prog_id, .id]')
		assert_equal "$(jqo -c --argjson s "$slot" '.[0].modes[0].dispatcher.components[$s] | [.prog_id, .link_id]')" "$want"
		assert_equal "$(jqo -c --argjson s "$slot" '.[0].modes[0].dispatcher.components[$s] | [.slot, .run_prio, .chain_call_actions, .pinned]')" \
			"[$slot,50,[\"pass\"],[\"$dir/prog$slot-link\"]]"
	done
}

@test "link list: the component links say they fill a slot of libxdp's dispatcher" {
	load_components
	run --separate-stderr lcj link list
	assert_success
	assert_equal "$(jqo -c --argjson d "$DISP" '[.[] | select(.target_obj_id == $d) | .libxdp_dispatcher]')" '[true,true]'
	run --separate-stderr lc link list
	assert_equal "$(grep -c "target_obj_id $DISP .*(a slot of libxdp's dispatcher)" <<<"$output")" 2
}

@test "detach of a dispatcher with components: refused naming each program; force cuts them off" {
	load_components
	run --separate-stderr lc xdp detach dev veth0
	assert_failure 1
	assert_output ""
	assert_equal "$(grep -o 'prog [0-9]* (slot [01]' <<<"$stderr" | wc -l)" 2
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$DISP"
	run --separate-stderr lc xdp detach dev veth0 force
	assert_success
	assert_equal "$(ip_xdp_field veth0 prog.id)" ""
}
