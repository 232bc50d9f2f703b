#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# tcx detach: exactly one prog-attach entry (BPF_PROG_DETACH with its fd); a link-owned one
# refused without force, naming link, pins and holders; force unpins and detaches; a tc
# filter's program is pointed to tc; errors; another user.

load helpers
load tcx_helpers

@test "detach: a prog-attach entry, exactly that one, text and JSON" {
	a=$(tcx_prog_attach veth0 ingress)
	b=$(tcx_prog_attach veth0 ingress)
	tcx_attach dev veth0 ingress
	run --separate-stderr lc tcx detach dev veth0 ingress prog "$a"
	assert_success
	assert_output --regexp "^$IFINDEX0: veth0  ingress  prog $a tc_pass tag [0-9a-f]{16}  detached, was attached via prog-attach\$"
	assert_equal "$(tcx_chain veth0 ingress)" "$b 0"$'\n'"$PROG $LINK"
	# "prog id N" as in a PROGSPEC and in link list's filter: the same program
	run --separate-stderr lcj tcx detach dev veth0 ingress prog id "$b"
	assert_success
	assert_equal "$(jqo -c '[.ifindex, .devname, .direction, .prog_id, .attached, .link_id]')" \
		"[$IFINDEX0,\"veth0\",\"ingress\",$b,\"prog-attach\",null]"
	assert_equal "$(tcx_chain veth0 ingress)" "$PROG $LINK"
}

@test "detach of a link-owned entry: refused without force, naming link, pin and holder" {
	tcx_attach dev veth0 egress
	pin="$(tcx_pin_dir veth0 egress)/$LINK"
	hold pin "$pin"
	run --separate-stderr lc tcx detach dev veth0 egress prog "$PROG"
	assert_failure 1
	assert_equal "$stderr" "Error: veth0 egress: prog $PROG tc_pass attached via bpf_link $LINK (pinned $pin; held by lc-hold.bin($HOLD_PID) fd $HOLD_IDS); add 'force' to remove its pins and detach the link"
	run --separate-stderr lcj tcx detach dev veth0 egress prog "$PROG"
	assert_failure 1
	assert_json
	assert_equal "$(tcx_chain veth0 egress)" "$PROG $LINK"
	[ -e "$pin" ]
}

@test "detach force: the pins go, the link leaves the chain, its holder keeps a defunct fd" {
	tcx_attach dev veth0 egress pin "$BPFFS/mine"
	"$LINKCTL" link pin id "$LINK" "$BPFFS/second" >/dev/null
	hold pin "$BPFFS/mine"
	run --separate-stderr lcj tcx detach dev veth0 egress prog "$PROG" force
	assert_success
	assert_equal "$(jqo -c '[.attached, .link_id, .unpinned, [.pids[].pid]]')" \
		"[\"link\",$LINK,[\"$BPFFS/mine\",\"$BPFFS/second\"],[$HOLD_PID]]"
	assert_equal "$(tcx_chain veth0 egress)" ""
	[ ! -e "$BPFFS/mine" ] && [ ! -e "$BPFFS/second" ]
	assert_equal "$(awk '$1 == "ifindex:" {print $2}' "/proc/$HOLD_PID/fdinfo/$HOLD_IDS")" 0
}

@test "detach of a tc filter's program: pointed to tc, the filter stays" {
	f=$(tc_filter_add veth0 ingress)
	run --separate-stderr lc tcx detach dev veth0 ingress prog "$f"
	assert_failure 1
	assert_equal "$stderr" "Error: veth0: program $f is a tc filter (pref 49152 handle 0x1) on the clsact ingress hook, not in the tcx chain; 'tc filter del' removes it"
	assert_equal "$(tc -n "$NS" -j filter show dev veth0 ingress | jq '[.[] | .options.prog.id // empty] | last')" "$f"
}

@test "detach errors: not in the chain, other direction, prog 0, missing direction, no device" {
	tcx_attach dev veth0 ingress
	run --separate-stderr lcj tcx detach dev veth0 egress prog "$PROG"
	assert_failure 1
	assert_equal "$(jqo .error)" "veth0: program $PROG is not in the tcx egress chain"
	assert_equal "$(jqo .code)" not_found     # docs/json.md's re-run table
	run --separate-stderr lc tcx detach dev veth0 ingress prog 0
	assert_failure 2
	assert_equal "$stderr" "Error: tcx detach: invalid ID '0' for 'prog'"
	run --separate-stderr lc tcx detach dev veth0 prog "$PROG"
	assert_failure 2
	run --separate-stderr lc tcx detach dev nope0 ingress prog "$PROG"
	assert_failure 1
	assert_equal "$(tcx_chain veth0 ingress)" "$PROG $LINK"
}

@test "detach as another user: refused with the capability, the entry stays" {
	tcx_attach dev veth0 ingress
	ip netns exec "$NS" runuser -u nobody -- "$LINKCTL" -j tcx detach dev veth0 ingress prog "$PROG" force >"$BATS_TEST_TMPDIR/out" 2>/dev/null && fail "nobody detached it"
	output=$(cat "$BATS_TEST_TMPDIR/out")
	assert_json
	assert_output --partial "needs CAP_"
	assert_equal "$(tcx_chain veth0 ingress)" "$PROG $LINK"
}
