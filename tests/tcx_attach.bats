#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# tcx attach: a pinned link by default, pin PATH, exec; its place in the chain (first, last,
# before/after a program or link); expected revision (ESTALE); atomic replace of a link and
# of a prog-attach entry; refusals; another user. Witnesses: the tests' own BPF_PROG_QUERY,
# the holder's fdinfo.

load helpers
load tcx_helpers

@test "attach: a link pinned at the default path, JSON exact, the kernel's view agrees" {
	run --separate-stderr lcj tcx attach dev veth0 ingress prog "$TC_PASS"
	assert_success
	prog=$(jqo .prog_id)
	link=$(jqo .link_id)
	pin="$(tcx_pin_dir veth0 ingress)/$link"
	assert_equal "$(tcx_chain veth0 ingress)" "$prog $link"
	hold pin "$pin"
	fdinfo=/proc/$HOLD_PID/fdinfo/$HOLD_IDS
	assert_equal "$(awk '$1 == "ifindex:" {print $2}' "$fdinfo")" "$IFINDEX0"
	assert_equal "$(awk '$1 == "attach_type:" {print $2}' "$fdinfo")" 46
	assert_equal "$(jqo -c .)" "$(jq -cn --argjson i "$IFINDEX0" --argjson p "$prog" --argjson l "$link" \
		--argjson r "$(tcx_revision veth0 ingress)" --arg pin "$pin" \
		--arg t "$(bpftool -j prog show id "$prog" | jq -r .tag)" '
		{ifindex:$i, devname:"veth0", direction:"ingress", position:1, prog_id:$p,
		 prog_name:"tc_pass", prog_tag:$t, revision:$r, attached:"link", link_id:$l, pinned:[$pin], pids:[]}')"
}

@test "attach: text output; pin PATH; egress" {
	run --separate-stderr lc tcx attach dev veth1 egress prog "$TC_PASS" pin "$BPFFS/x/eg"
	assert_success
	read -r prog link <<<"$(tcx_chain veth1 egress)"
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^$IFINDEX1: veth1  egress  1  prog $prog tc_pass tag [0-9a-f]{16}  revision $(tcx_revision veth1 egress)  attached link $link\$"
	assert_line --index 1 "	pinned $BPFFS/x/eg"
	assert_equal "$(tcx_chain veth1 ingress)" ""
}

@test "attach places: last by default, first, before and after a program or a link" {
	tcx_attach dev veth0 ingress;                          a=$PROG; la=$LINK
	tcx_attach dev veth0 ingress;                          b=$PROG; lb=$LINK
	tcx_attach dev veth0 ingress first;                    c=$PROG; lc_=$LINK
	tcx_attach dev veth0 ingress before id "$b";           d=$PROG; ld=$LINK
	tcx_attach dev veth0 ingress after link "$lc_";        e=$PROG; le=$LINK
	tcx_attach dev veth0 ingress last;                     f=$PROG; lf=$LINK
	assert_equal "$(tcx_chain veth0 ingress | tr '\n' ' ')" \
		"$c $lc_ $e $le $a $la $d $ld $b $lb $f $lf "
	run --separate-stderr lcj tcx show dev veth0 ingress
	assert_equal "$(jqo -c '[.[0].progs[] | [.position, .prog_id]]')" \
		"[[1,$c],[2,$e],[3,$a],[4,$d],[5,$b],[6,$f]]"
}

@test "attach revision: the current one attaches; a stale one fails, names both, changes nothing" {
	tcx_attach dev veth0 ingress
	rev=$(tcx_revision veth0 ingress)
	tcx_attach dev veth0 ingress revision "$rev"
	assert_equal "$(tcx_chain veth0 ingress | wc -l)" 2
	before=$(tcx_chain veth0 ingress)
	run --separate-stderr lcj tcx attach dev veth0 ingress prog "$TC_PASS" revision "$rev"
	assert_failure 1
	assert_equal "$(jqo -c .)" "{\"error\":\"the tcx ingress chain of veth0 is at revision $((rev + 1)), not $rev: it changed meanwhile; nothing attached\",\"code\":\"stale\"}"
	assert_equal "$(tcx_chain veth0 ingress)" "$before"
	assert_equal "$(ls "$(tcx_pin_dir veth0 ingress)" | wc -l)" 2     # no stray pin
}

@test "attach relative to a program or link not in the chain: refused, nothing attached" {
	tcx_attach dev veth0 ingress
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" before id 99999
	assert_failure 1
	assert_equal "$stderr" "Error: prog 99999 is not in the tcx ingress chain of veth0; nothing attached"
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" after link 99999
	assert_failure 1
	assert_equal "$stderr" "Error: link 99999 is not in the tcx ingress chain of veth0; nothing attached"
	assert_equal "$(tcx_chain veth0 ingress)" "$PROG $LINK"
}

@test "replace of a link: BPF_LINK_UPDATE keeps link, pin and place" {
	tcx_attach dev veth0 ingress; a=$PROG
	tcx_attach dev veth0 ingress; b=$PROG; lb=$LINK
	tcx_attach dev veth0 ingress; c=$PROG
	run --separate-stderr lcj tcx attach dev veth0 ingress prog "$TC_PASS" replace old-prog "$b"
	assert_success
	new=$(jqo .prog_id)
	assert_equal "$(jqo -c '[.link_id, .replaced_prog_id, .position, .pinned]')" \
		"[$lb,$b,2,[\"$(tcx_pin_dir veth0 ingress)/$lb\"]]"
	assert_equal "$(tcx_chain veth0 ingress | awk '{print $1}' | tr '\n' ' ')" "$a $new $c "
}

@test "replace of a prog-attach entry: BPF_F_REPLACE in place, still owner-less" {
	a=$(tcx_prog_attach veth0 egress)
	tcx_attach dev veth0 egress; l=$LINK
	run --separate-stderr lc tcx attach dev veth0 egress prog "$TC_PASS" replace old-prog "$a" pin "$BPFFS/p"
	assert_failure 1
	assert_equal "$stderr" "Error: program $a is attached via prog-attach and its replacement is too (no link to pin): drop 'pin'"
	run --separate-stderr lc tcx attach dev veth0 egress prog "$TC_PASS" replace old-prog "$a"
	assert_success
	read -r new zero <<<"$(tcx_chain veth0 egress | head -1)"
	assert_equal "$zero" 0
	assert_output --regexp "^$IFINDEX0: veth0  egress  1  prog $new tc_pass tag [0-9a-f]{16}  revision [0-9]+  replaced prog $a  attached prog-attach\$"
	assert_equal "$(tcx_chain veth0 egress | sed -n 2p)" "$PROG $l"
}

@test "replace: stale old-prog, or several programs without old-prog: nothing changed" {
	tcx_attach dev veth0 ingress; a=$PROG
	tcx_attach dev veth0 ingress; b=$PROG
	before=$(tcx_chain veth0 ingress)
	run --separate-stderr lcj tcx attach dev veth0 ingress prog "$TC_PASS" replace old-prog 99999
	assert_failure 1
	assert_equal "$(jqo .error)" "old-prog 99999 is stale: the tcx ingress chain of veth0 runs programs $a, $b; nothing changed"
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" replace
	assert_failure 1
	assert_equal "$stderr" "Error: the tcx ingress chain of veth0 runs 2 programs: say which one to replace with old-prog ID"
	assert_equal "$(tcx_chain veth0 ingress)" "$before"
}

@test "attach exec: the command is the holder; when it ends the program leaves the chain" {
	bg "$LINKCTL" --bpffs "$BPFFS" -n "$NS" tcx attach dev veth0 ingress prog "$TC_PASS" exec -- sleep 30
	for _ in $(seq 50); do [ -n "$(tcx_chain veth0 ingress)" ] && break; sleep 0.1; done
	read -r prog link <<<"$(tcx_chain veth0 ingress)"
	assert_equal "$(link_owner_pids "$link")" "$BG_PID"
	[ ! -e "$(tcx_pin_dir veth0 ingress)" ] || [ -z "$(ls "$(tcx_pin_dir veth0 ingress)")" ]
	kill "$BG_PID"
	wait "$BG_PID" || true
	for _ in $(seq 30); do [ -z "$(tcx_chain veth0 ingress)" ] && break; sleep 0.1; done
	assert_equal "$(tcx_chain veth0 ingress)" ""
}

@test "attach errors: usage combinations, unknown device, wrong program type" {
	run --separate-stderr lcj tcx attach dev veth0 ingress prog "$TC_PASS" before
	assert_failure 2
	assert_equal "$(jqo .error)" "tcx attach: 'before' and 'after' need 'id PROG_ID' or 'link LINK_ID' (or say 'first' or 'last')"
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" id 3
	assert_failure 2
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" first last
	assert_failure 2
	assert_equal "$stderr" "Error: tcx attach: 'first' and 'last' exclude each other"
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS" replace first
	assert_failure 2
	run --separate-stderr lc tcx attach dev veth0 prog "$TC_PASS"
	assert_failure 2
	assert_equal "$stderr" "Error: tcx attach: missing 'ingress' (or one of its alternatives)"
	run --separate-stderr lcj tcx attach dev nope0 ingress prog "$TC_PASS"
	assert_failure 1
	assert_equal "$(jqo .error)" "no device 'nope0' in network namespace '$NS'"
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$BPF_DIR/xdp_pass.bpf.o"
	assert_failure 1
	assert_output ""
	assert_equal "$(tcx_chain veth0 ingress)" ""
}

@test "attach as another user: refused with the capability, nothing attached" {
	local objdir
	objdir=$(mktemp -d "/tmp/${LC_TEST_PREFIX}-obj.XXXXXX")
	cp "$TC_PASS" "$objdir/tc.o"
	chmod 755 "$objdir"
	chmod 644 "$objdir/tc.o"
	run --separate-stderr runuser -u nobody -- "$LINKCTL" -j --bpffs "$BPFFS" tcx attach dev lo ingress prog "$objdir/tc.o"
	rm -r "$objdir"
	assert_failure 1
	assert_json
	assert_output --partial "needs CAP_"
	assert_equal "$("$TCXQ" 1 ingress | tail -n +2)" ""     # the host's lo
}

@test "a kernel without tcx: the refusal names the version (runs where the probe fails)" {
	if "$TCXQ" 1 ingress >/dev/null 2>&1; then
		skip "this kernel has tcx; the refusal is checked on Debian's 6.1 (qemu matrix)"
	fi
	run --separate-stderr lcj tcx show dev veth0
	assert_failure 1
	assert_equal "$(jqo .error)" "tcx is not supported by this kernel (needs 6.6)"
	assert_equal "$(jqo .code)" unsupported
	run --separate-stderr lc tcx attach dev veth0 ingress prog "$TC_PASS"
	assert_failure 1
	assert_equal "$stderr" "Error: tcx is not supported by this kernel (needs 6.6)"
	[ ! -e "$BPFFS/linkctl" ]
}
