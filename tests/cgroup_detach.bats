#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# cgroup detach: exactly one prog-attach program (BPF_PROG_DETACH with its fd); a link-owned
# one refused without force, naming link, pins and holders; force unpins and detaches the
# link; errors; another user. Witnesses: bpftool, the holder's fdinfo, traffic.

load helpers
load cgroup_helpers

@test "detach: exactly the program named from a MULTI list, text and JSON" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	b=$(bpftool_attach egress "$CG_SKB" multi)
	c=$(bpftool_attach egress "$CG_SKB" multi)
	run --separate-stderr lc cgroup detach "$CG" egress prog "$b"
	assert_success
	assert_output --regexp "^$CG  cgroup_inet_egress  prog $b cg_allow tag [0-9a-f]{16}  detached, was attached via prog-attach\$"
	assert_equal "$(bpftool_cg | awk '{print $1}' | tr '\n' ' ')" "$a $c "
	# "prog id N" as in a PROGSPEC and in link list's filter: the same program
	run --separate-stderr lcj cgroup detach "$CG" cgroup_inet_egress prog id "$c"
	assert_success
	assert_equal "$(jqo -c '[.cgroup_path, .cgroup_id, .attach_type, .prog_id, .attached, .link_id]')" \
		"[\"$CG\",$CGID,\"cgroup_inet_egress\",$c,\"prog-attach\",null]"
	assert_equal "$(bpftool_cg)" "$a cgroup_inet_egress multi"
}

@test "detach: traffic stops being counted once the program is gone" {
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT" via prog-attach multi
	p=$(jqo .prog_id)
	bpftool prog pin id "$p" "$BPFFS/counted"  # keeps the map readable after the detach
	cg_send 2
	run --separate-stderr lc cgroup detach "$CG" egress prog "$p"
	assert_success
	cg_send 4
	assert_equal "$(cg_packets "$p")" 2
}

@test "detach of a link-owned program: refused without force, naming link, pin and holder" {
	run --separate-stderr lcj cgroup attach "$CG" ingress prog "$CG_SKB"
	p=$(jqo .prog_id)
	link=$(jqo .link_id)
	pin=$(jqo -r '.pinned[0]')
	hold pin "$pin"
	run --separate-stderr lc cgroup detach "$CG" ingress prog "$p"
	assert_failure 1
	assert_equal "$stderr" "Error: $CG as cgroup_inet_ingress: prog $p cg_allow attached via bpf_link $link (pinned $pin; held by lc-hold.bin($HOLD_PID) fd $HOLD_IDS); add 'force' to remove its pins and detach the link"
	run --separate-stderr lcj cgroup detach "$CG" ingress prog "$p"
	assert_failure 1
	assert_json
	assert_equal "$(bpftool_cg)" "$p cgroup_inet_ingress multi"
	[ -e "$pin" ]
}

@test "detach force: the pins go, the link is detached, its holder keeps a defunct fd" {
	run --separate-stderr lcj cgroup attach "$CG" ingress prog "$CG_SKB" pin "$BPFFS/mine"
	p=$(jqo .prog_id)
	link=$(jqo .link_id)
	lc link pin id "$link" "$BPFFS/second" >/dev/null
	hold pin "$BPFFS/mine"
	run --separate-stderr lcj cgroup detach "$CG" ingress prog "$p" force
	assert_success
	assert_equal "$(jqo -c '[.attached, .link_id, .unpinned, [.pids[].pid]]')" \
		"[\"link\",$link,[\"$BPFFS/mine\",\"$BPFFS/second\"],[$HOLD_PID]]"
	assert_equal "$(bpftool_cg)" ""
	[ ! -e "$BPFFS/mine" ] && [ ! -e "$BPFFS/second" ]
	# the kernel's view of the holder's link: still there, detached from the cgroup
	assert_equal "$(bpftool -j link show id "$link" | jq -r '.cgroup_id // 0')" 0
}

@test "detach errors: not attached, bad type, prog 0, bad path" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	run --separate-stderr lcj cgroup detach "$CG" ingress prog "$a"
	assert_failure 1
	assert_equal "$(jqo -c .)" "{\"error\":\"$CG: program $a is not attached to the cgroup as cgroup_inet_ingress\",\"code\":\"not_found\"}"
	run --separate-stderr lc cgroup detach "$CG" nonsense prog "$a"
	assert_failure 2
	run --separate-stderr lc cgroup detach "$CG" egress prog 0
	assert_failure 2
	assert_equal "$stderr" "Error: cgroup detach: invalid ID '0' for 'prog'"
	run --separate-stderr lc cgroup detach "$CG" egress
	assert_failure 2
	run --separate-stderr lc cgroup detach "$CG/nope" egress prog "$a"
	assert_failure 1
	assert_equal "$(bpftool_cg)" "$a cgroup_inet_egress multi"
}

@test "detach as another user: refused with the capability, the program stays" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	run --separate-stderr runuser -u nobody -- "$LINKCTL" -j cgroup detach "$CG" egress prog "$a" force
	assert_failure 1
	assert_json
	assert_output --partial "needs CAP_"
	assert_equal "$(bpftool_cg)" "$a cgroup_inet_egress multi"
}

@test "one program both by link and by prog-attach: detach takes the prog-attach one, the link stays" {
	bpftool prog load "$CG_SKB" "$BPFFS/p"
	p=$(bpftool -j prog show pinned "$BPFFS/p" | jq .id)
	run --separate-stderr lcj cgroup attach "$CG" ingress prog pinned "$BPFFS/p"
	link=$(jqo .link_id)
	bpftool cgroup attach "$CG" ingress id "$p" multi
	assert_equal "$(bpftool_cg)" "$p cgroup_inet_ingress multi"$'\n'"$p cgroup_inet_ingress multi"
	run --separate-stderr lcj cgroup show "$CG"
	assert_equal "$(jqo -c '[.[0].progs[] | [.prog_id, .attached, .link_id]] | sort_by(.[1])')" \
		"[[$p,\"link\",$link],[$p,\"prog-attach\",null]]"
	run --separate-stderr lcj cgroup detach "$CG" ingress prog "$p"
	assert_success
	assert_equal "$(jqo -c '[.attached, .link_id]')" '["prog-attach",null]'
	assert_equal "$(bpftool_cg)" "$p cgroup_inet_ingress multi"
	run --separate-stderr lcj cgroup show "$CG"
	assert_equal "$(jqo -c '[.[0].progs[] | [.attached, .link_id]]')" "[[\"link\",$link]]"
}
