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

# The state after an attach raced detaches: a pin at the default path holds a link that
# is on the hook; a successful attach has a full receipt.
check_attach_race() {
	local round=$1 pin
	pin=$(default_pin veth0)
	if [ -e "$pin" ]; then
		run lcj link show pinned "$pin"
		[ "$(jqo .defunct)" != true ] || fail "round $round: the default pin holds defunct link $(jqo .id) (attach: $(cat "$T/a.out" "$T/a.err"))"
		assert_equal "$(jqo .ifindex)" "$IFINDEX0"
		assert_equal "$(jqo .prog_id)" "$(ip_xdp_field veth0 prog.id)"
	fi
	output=$(cat "$T/a.out")
	if [ "$(cat "$T/a.rc")" = 0 ]; then
		assert_equal "$(jqo -c '[.mode, .attached, (.link_id | type), (.prog_id | type)]')" '["drv","link","number","number"]'
		WON=$((WON + 1))
	else
		assert_equal "$(cat "$T/a.rc")" 1
		[[ "$(jqo .error)" =~ ^link\ [0-9]+\ was\ detached\ from\ veth0\ while\ it\ was\ being\ pinned\ \(a\ forced\ detach\ ran\ meanwhile\)\;\ nothing\ is\ attached$ ]] ||
			fail "round $round: attach failed with: $(cat "$T/a.out" "$T/a.err")"
		CANCELLED=$((CANCELLED + 1))
	fi
}

@test "attach (default pin) against detach force: never a success leaving a defunct pin" {
	T=$BATS_TEST_TMPDIR
	WON=0 CANCELLED=0
	local a
	for i in $(seq 100); do
		( rc=0; lcj xdp attach dev veth0 prog "$XDP_PASS" >"$T/a.out" 2>"$T/a.err" || rc=$?; echo $rc >"$T/a.rc" ) &
		a=$!
		# detaches back to back while the attach runs: some land between its link and its pin
		while kill -0 "$a" 2>/dev/null; do
			lc xdp detach dev veth0 force >/dev/null 2>&1 || true
		done
		wait "$a"
		check_attach_race "$i"
		lc xdp detach dev veth0 force >/dev/null 2>&1 || true
		[ ! -e "$(default_pin veth0)" ] || fail "round $i: a pin outlived the detach"
		assert_equal "$(ip_xdp_mode veth0)" none
	done
	echo "# attach: $WON succeeded, $CANCELLED found their link detached before pinning it" >&3
}

@test "a defunct link left at the default pin is reported and replaced, never blocks the attach" {
	local pin link
	pin=$(default_pin veth0)
	attach_held_link veth0 "$XDP_PASS"
	link=$LINK
	lc xdp detach dev veth0 force >/dev/null
	# the holder's defunct link pinned again where the default pin goes (an older linkctl's leftover)
	lc link pin id "$link" "$pin"
	assert_equal "$(lcj link show pinned "$pin" | jq -c '[.id, .defunct]')" "[$link,true]"
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_DROP"
	assert_success
	assert_equal "$stderr" "Warning: $pin held link $link, detached earlier (defunct); the pin was removed"
	assert_equal "$(jqo .prog_id)" "$(ip_xdp_field veth0 prog.id)"
	assert_equal "$(lcj link show pinned "$pin" | jq -c '[.id, .defunct]')" "[$(jqo .link_id),false]"
	# a live link at the default pin is still refused, as before
	run --separate-stderr lc xdp attach dev veth1 prog "$XDP_DROP" pin "$(default_pin veth1)"
	assert_success
	run --separate-stderr lc xdp attach dev veth0 prog "$XDP_PASS"
	assert_failure 1
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$(lcj link show pinned "$pin" | jq .prog_id)"
}
