#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Two linkctl commands racing on one XDP hook: whichever wins, each says exactly what
# happened and the hook, its pin and the receipts agree (issue 15).

load helpers
load xdp_helpers

@test "replace against replace: the loser says another update won, never '(old-prog)'" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	local link lost=0 prog pids=()
	link=$(jqo .link_id)
	for i in $(seq 25); do
		for side in a b c d; do
			prog=$XDP_PASS
			[[ $side == [ac] ]] && prog=$XDP_DROP
			lc xdp attach dev veth0 prog "$prog" replace >"$BATS_TEST_TMPDIR/$side.out" 2>"$BATS_TEST_TMPDIR/$side.err" &
			pids+=("$!")
		done
		wait "${pids[@]}" || true
		pids=()
		for side in a b c d; do
			[ -s "$BATS_TEST_TMPDIR/$side.err" ] || continue
			lost=$((lost + 1))
			run cat "$BATS_TEST_TMPDIR/$side.err"
			assert_output --regexp "^Error: another update of link $link on veth0 won \(program [0-9]+ is no longer attached\); nothing changed$"
		done
		# the link is still the one on the hook, and it runs a program
		assert_equal "$(lcj link show pinned "$(default_pin veth0)" | jq .id)" "$link"
		[ -n "$(ip_xdp_field veth0 prog.id)" ]
	done
	echo "# $lost of 100 replaces lost the race" >&3
}
