# SPDX-License-Identifier: GPL-2.0-only
# tcx_helpers.bash: what the tcx tests check linkctl against: the chain as the tests' own
# BPF_PROG_QUERY (tools/tcx_query.py, ctypes) sees it, tc's view of cls_bpf filters, the
# default pin path.

TC_PASS="$BPF_DIR/tc_pass.bpf.o"
TCXQ="$TESTS_DIR/tools/tcx_query.py"

# On a kernel without tcx (the kernel matrix runs 6.1) every test skips, naming it, except
# the ones about that very refusal (their names say "without tcx").
setup() {
	lc_setup
	[[ "$BATS_TEST_DESCRIPTION" == *"without tcx"* ]] || tcx_or_skip
}

# The chain of $1 (device) $2 (ingress|egress) in $NS: "PROG_ID LINK_ID" lines, in order.
tcx_chain() { ip netns exec "${3:-$NS}" "$TCXQ" "$(ifindex_of "$1" "${3:-$NS}")" "$2" | tail -n +2; }
tcx_revision() { ip netns exec "${3:-$NS}" "$TCXQ" "$(ifindex_of "$1" "${3:-$NS}")" "$2" | awk 'NR == 1 { print $2 }'; }
ifindex_of() { ip -n "${2:-$NS}" -j link show "$1" | jq '.[0].ifindex'; }

# The default pin directory of tcx links on $1 $2 (the netns inode, as for xdp).
tcx_pin_dir() { echo "$BPFFS/linkctl/tcx/$(stat -L -c %i "/run/netns/${3:-$NS}")/$1/$2"; }

# A tc cls_bpf filter (direct-action) on $1 $2 through tc itself; prints its program's ID.
tc_filter_add() {
	tc -n "$NS" qdisc add dev "$1" clsact 2>/dev/null || true
	tc -n "$NS" filter add dev "$1" "$2" bpf da obj "$TC_PASS" sec tc
	tc -n "$NS" -j filter show dev "$1" "$2" | jq '[.[] | .options.prog.id // empty] | last'
}

# Attach $TC_PASS with linkctl (extra arguments follow); sets PROG and LINK from its JSON.
tcx_attach() {
	local out
	out=$("$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" tcx attach prog "$TC_PASS" "$@")
	PROG=$(jq .prog_id <<<"$out")
	LINK=$(jq .link_id <<<"$out")
}

# Attach $TC_PASS to $1 $2 the old way (BPF_PROG_ATTACH, no link: owner-less); prints its ID.
tcx_prog_attach() {
	local pin="$BPFFS/tcx-prog-$RANDOM" id
	bpftool prog load "$TC_PASS" "$pin" type classifier >/dev/null
	id=$(bpftool -j prog show pinned "$pin" | jq .id)
	ip netns exec "$NS" "$TCXQ" "$(ifindex_of "$1")" "$2" "$pin" >/dev/null
	rm -f "$pin"
	echo "$id"
}
