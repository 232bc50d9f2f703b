#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# cgroup attach: via a pinned link (default), pin PATH, exec, via prog-attach in each mode;
# atomic replace of a link (BPF_LINK_UPDATE) and of a MULTI entry (BPF_F_REPLACE); stale
# old-prog; refusals; another user. Witnesses: bpftool, the holder's fdinfo, traffic.

load helpers
load cgroup_helpers

@test "attach via link: pinned at the default path, JSON exact, packets counted" {
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT"
	assert_success
	prog=$(jqo .prog_id)
	link=$(jqo .link_id)
	pin="$(cg_pin_dir cgroup_inet_egress)/$link"
	assert_equal "$(bpftool_cg)" "$prog cgroup_inet_egress multi"
	hold pin "$pin"     # the kernel's word on what the pin holds
	assert_equal "$(link_fdinfo "$HOLD_PID" "$link" prog_id)" "$prog"
	assert_equal "$(jqo -c .)" "$(jq -cn --arg cg "$CG" --argjson id "$CGID" --argjson p "$prog" \
		--argjson l "$link" --arg pin "$pin" --arg t "$(bpftool -j prog show id "$prog" | jq -r .tag)" \
		'{cgroup_path:$cg, cgroup_id:$id, attach_type:"cgroup_inet_egress", attach_flags:"multi",
		  prog_id:$p, prog_name:"cg_count", prog_tag:$t, attached:"link", link_id:$l, pinned:[$pin], pids:[]}')"
	# linkctl has exited: the pin alone keeps it attached, and it runs
	cg_send 7
	assert_equal "$(cg_packets "$prog")" 7
}

@test "attach via link: text output; pin PATH makes missing directories" {
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_SKB" pin "$BPFFS/a/b/cg"
	assert_success
	prog=$(bpftool_cg | awk '{print $1}')
	hold pin "$BPFFS/a/b/cg"
	link=$(fdinfo_link_id)
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --regexp "^$CG  cgroup_inet_ingress  multi  prog $prog cg_allow tag [0-9a-f]{16}  attached link $link\$"
	assert_line --index 1 "	pinned $BPFFS/a/b/cg"
	[ ! -e "$(cg_pin_dir cgroup_inet_ingress)" ]
}

@test "attach exec: the command holds the only reference; when it ends the program goes" {
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_SKB" exec -- sleep 0.5
	assert_success
	assert_equal "$(jqo -c .exec)" '["sleep","0.5"]'
	assert_equal "$(jqo .pinned)" "null"
	assert_equal "$(bpftool_cg)" ""     # sleep has ended: the link went with it
}

@test "attach exec: while the command runs it is the holder" {
	bg "$LINKCTL" cgroup attach "$CG" egress prog "$CG_SKB" exec -- sleep 30
	for _ in $(seq 50); do [ -n "$(bpftool_cg)" ] && break; sleep 0.1; done
	prog=$(bpftool_cg | awk '{print $1}')
	link=$(bpftool -j link show | jq --argjson p "$prog" '.[] | select(.prog_id == $p) | .id')
	assert_equal "$(link_owner_pids "$link")" "$BG_PID"
	run --separate-stderr lcj cgroup show "$CG"
	assert_equal "$(jqo -c '.[0].progs[0] | [.link_id, .pids[0].pid, .pids[0].comm, .pinned]')" \
		"[$link,$BG_PID,\"sleep\",[]]"
}

@test "attach via prog-attach: none, multi and override, as bpftool sees them" {
	run --separate-stderr lcj cgroup attach "$CG" ingress prog "$CG_SKB" via prog-attach
	assert_success
	a=$(jqo .prog_id)
	assert_equal "$(jqo -c '[.attached, .link_id, .attach_flags]')" '["prog-attach",null,"none"]'
	run --separate-stderr lc cgroup attach "$CG" egress prog "$CG_SKB" via prog-attach override
	assert_success
	b=$(bpftool_cg | awk '$2 == "cgroup_inet_egress" {print $1}')
	assert_output --regexp "^$CG  cgroup_inet_egress  override  prog $b cg_allow tag [0-9a-f]{16}  attached prog-attach\$"
	run --separate-stderr lcj cgroup attach "$CG" sock_create prog "$BPF_DIR/cgroup_sock.bpf.o" via prog-attach multi
	assert_failure 1    # no such object: PROGSPEC errors come before anything is attached
	assert_json
	assert_equal "$(bpftool_cg)" "$a cgroup_inet_ingress none"$'\n'"$b cgroup_inet_egress override"
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT" via prog-attach multi
	assert_failure 1    # the kernel keeps the override mode: named, with what is there
	assert_equal "$(jqo .error)" "cannot attach to $CG as cgroup_inet_egress in multi mode: $CG runs prog $b (prog-attach) there in override mode, which the kernel keeps (detach them first, or replace one)"
}

@test "a link cannot join an override attachment: refused, naming the occupant" {
	a=$(bpftool_attach ingress "$CG_SKB" override)
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_COUNT"
	assert_failure 1
	assert_equal "$stderr" "Error: cannot attach to $CG as cgroup_inet_ingress in multi mode (a link is always multi): $CG runs prog $a (prog-attach) there in override mode, which the kernel keeps (detach them first, or replace one)"
	assert_equal "$(bpftool_cg)" "$a cgroup_inet_ingress override"
	[ ! -e "$(cg_pin_dir cgroup_inet_ingress)" ] || [ -z "$(ls "$(cg_pin_dir cgroup_inet_ingress)")" ]
}

@test "the same program twice on one type: the kernel's refusal names what is there" {
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_SKB" via prog-attach multi
	p=$(jqo .prog_id)
	run --separate-stderr lc cgroup attach "$CG" egress prog id "$p" via prog-attach multi
	assert_failure 1
	assert_equal "$stderr" "Error: cannot attach to $CG as cgroup_inet_egress via prog-attach: Invalid argument; $CG has prog $p (prog-attach) as cgroup_inet_egress (multi mode)"
	assert_equal "$(bpftool_cg)" "$p cgroup_inet_egress multi"
}

@test "replace on a link: BPF_LINK_UPDATE, same link and pin, traffic moves to the new program" {
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT"
	old=$(jqo .prog_id)
	link=$(jqo .link_id)
	pin=$(jqo -r '.pinned[0]')
	cg_send 2
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT" replace old-prog "$old"
	assert_success
	new=$(jqo .prog_id)
	[ "$new" != "$old" ]
	assert_equal "$(jqo -c '[.link_id, .replaced_prog_id, .attached, .pinned]')" "[$link,$old,\"link\",[\"$pin\"]]"
	assert_equal "$(bpftool_cg)" "$new cgroup_inet_egress multi"
	hold pin "$pin"
	assert_equal "$(link_fdinfo "$HOLD_PID" "$link" prog_id)" "$new"
	cg_send 3
	assert_equal "$(cg_packets "$new")" 3
}

@test "replace in a MULTI list: BPF_F_REPLACE swaps exactly old-prog, in place" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	b=$(bpftool_attach egress "$CG_SKB" multi)
	c=$(bpftool_attach egress "$CG_SKB" multi)
	run --separate-stderr lc cgroup attach "$CG" egress prog "$CG_COUNT" replace old-prog "$b"
	assert_success
	new=$(bpftool_cg | sed -n 2p | awk '{print $1}')
	assert_output --regexp "^$CG  cgroup_inet_egress  multi  prog $new cg_count tag [0-9a-f]{16}  replaced prog $b  attached prog-attach\$"
	assert_equal "$(bpftool_cg | awk '{print $1}' | tr '\n' ' ')" "$a $new $c "
}

@test "replace: a stale old-prog fails and changes nothing; several programs need old-prog" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	b=$(bpftool_attach egress "$CG_SKB" multi)
	before=$(bpftool_cg)
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_COUNT" replace old-prog 99999
	assert_failure 1
	assert_equal "$(jqo -c .)" "{\"error\":\"old-prog 99999 is stale: $CG runs programs $a, $b as cgroup_inet_egress; nothing changed\",\"code\":\"stale\"}"
	run --separate-stderr lc cgroup attach "$CG" egress prog "$CG_COUNT" replace
	assert_failure 1
	assert_equal "$stderr" "Error: $CG runs 2 programs as cgroup_inet_egress: say which one to replace with old-prog ID"
	assert_equal "$(bpftool_cg)" "$before"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_COUNT" replace old-prog "$a"
	assert_failure 1
	assert_equal "$stderr" "Error: old-prog $a is stale: $CG runs no program as cgroup_inet_ingress; nothing changed"
}

@test "replace of a prog-attach program via link, or of a link via prog-attach: refused" {
	a=$(bpftool_attach egress "$CG_SKB" multi)
	run --separate-stderr lc cgroup attach "$CG" egress prog "$CG_COUNT" replace via link
	assert_failure 1
	assert_equal "$stderr" "Error: program $a is attached via prog-attach; a bpf_link cannot take its place (replace via prog-attach, or detach it first)"
	run --separate-stderr lc cgroup attach "$CG" egress prog "$CG_COUNT" replace pin "$BPFFS/new"
	assert_failure 1
	assert_equal "$stderr" "Error: program $a is attached via prog-attach and its replacement is too (no link to pin): drop 'pin'"
	run --separate-stderr lcj cgroup attach "$CG" ingress prog "$CG_SKB"
	link=$(jqo .link_id)
	l=$(jqo .prog_id)
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_COUNT" replace pin "$BPFFS/new"
	assert_failure 1
	assert_equal "$stderr" "Error: bpf_link $link is updated in place and keeps its pins: drop 'pin'"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_COUNT" replace via prog-attach
	assert_failure 1
	assert_equal "$stderr" "Error: bpf_link $link owns program $l; replace it via link"
	assert_equal "$(bpftool_cg)" "$l cgroup_inet_ingress multi"$'\n'"$a cgroup_inet_egress multi"
}

@test "attach errors: usage, bad path, bad type, wrong program type, pin in the way" {
	run --separate-stderr lcj cgroup attach "$CG" ingress prog "$CG_SKB" multi
	assert_failure 2
	assert_equal "$(jqo .error)" "cgroup attach: 'multi' and 'override' apply to 'via prog-attach' only (a link is always multi)"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_SKB" old-prog 3
	assert_failure 2
	run --separate-stderr lc cgroup attach "$CG" bogus prog "$CG_SKB"
	assert_failure 2
	assert_equal "$stderr" "Error: cgroup attach: unknown cgroup attach type 'bogus' (e.g. ingress, egress, sock_create, connect4; 'man linkctl-cgroup' lists them)"
	run --separate-stderr lc cgroup attach "$CG" ingress
	assert_failure 2
	assert_equal "$stderr" "Error: cgroup attach: missing 'prog'"
	run --separate-stderr lcj cgroup attach "$CG/nope" ingress prog "$CG_SKB"
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot open cgroup $CG/nope: No such file or directory"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$BPF_DIR/xdp_pass.bpf.o"
	assert_failure 1
	assert_output ""
	mkdir "$BPFFS/taken"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_SKB" pin "$BPFFS/taken"
	assert_failure 1
	assert_equal "$stderr" "Error: $BPFFS/taken already exists; not overwriting it"
	run --separate-stderr lc cgroup attach "$CG" ingress prog "$CG_SKB" pin /tmp/not-bpffs-$$
	assert_failure 1
	assert_equal "$(bpftool_cg)" ""
}

@test "attach as another user: refused with the capability, nothing attached" {
	local objdir
	objdir=$(mktemp -d "/tmp/${LC_TEST_PREFIX}-obj.XXXXXX")
	cp "$CG_SKB" "$objdir/cg.o"
	chmod 755 "$objdir"
	chmod 644 "$objdir/cg.o"
	run --separate-stderr runuser -u nobody -- "$LINKCTL" -j --bpffs "$BPFFS" cgroup attach "$CG" ingress prog "$objdir/cg.o"
	rm -r "$objdir"
	assert_failure 1
	assert_json
	assert_output --partial "needs CAP_"
	assert_equal "$(bpftool_cg)" ""
}
