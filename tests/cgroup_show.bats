#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# cgroup show: every program of a cgroup per attach type, link-owned (link, pins, holders) or
# prog-attach (mode, no owner), checked against bpftool; type, recursive, effective; errors.

load helpers
load cgroup_helpers

@test "show: an empty cgroup named on the command line, text and JSON" {
	run --separate-stderr lc cgroup show "$CG"
	assert_success
	assert_output "$CG  no BPF programs"
	run --separate-stderr lcj cgroup show "$CG"
	assert_success
	assert_equal "$(jqo -c .)" "[{\"cgroup_path\":\"$CG\",\"cgroup_id\":$CGID,\"progs\":[]}]"
}

@test "show: a held link and a prog-attach program, in bpftool's order, JSON exact" {
	hold cgroup "$CG" "$CG_SKB"
	local link=$HOLD_IDS holder=$HOLD_PID fd
	fd=$(link_fd "$holder" "$link")
	lprog=$(link_fdinfo "$holder" "$link" prog_id)
	aprog=$(bpftool_attach egress "$CG_SKB" multi)
	assert_equal "$(bpftool_cg)" "$lprog cgroup_inet_ingress multi"$'\n'"$aprog cgroup_inet_egress multi"
	tag=$(bpftool -j prog show id "$lprog" | jq -r .tag)
	run --separate-stderr lcj cgroup show "$CG"
	assert_success
	assert_equal "$(jqo -c '.[0].progs')" "$(jq -cn --argjson l "$link" --argjson lp "$lprog" \
		--argjson ap "$aprog" --argjson pid "$holder" --argjson fd "$fd" --arg t "$tag" '
		[{attach_type:"cgroup_inet_ingress", attach_flags:"multi", prog_id:$lp, prog_name:"cg_allow",
		  prog_tag:$t, attached:"link", link_id:$l, pinned:[],
		  pids:[{pid:$pid, comm:"lc-hold.bin", fd:$fd}]},
		 {attach_type:"cgroup_inet_egress", attach_flags:"multi", prog_id:$ap, prog_name:"cg_allow",
		  prog_tag:$t, attached:"prog-attach", link_id:null}]')"
	run --separate-stderr lc cgroup show "$CG"
	assert_success
	assert_line --index 0 "$CG  cgroup_inet_ingress  multi  prog $lprog cg_allow tag $tag  attached link $link"
	assert_line --index 1 "	pids lc-hold.bin($holder) fd $fd"
	assert_line --index 2 "$CG  cgroup_inet_egress  multi  prog $aprog cg_allow tag $tag  attached prog-attach"
	assert_equal "${#lines[@]}" 3
}

@test "show: override and none modes of prog-attach; the type filter keeps one type" {
	over=$(bpftool_attach egress "$CG_SKB" override)
	assert_equal "$(bpftool_cg)" "$over cgroup_inet_egress override"
	none=$(bpftool_attach ingress "$CG_SKB")
	run --separate-stderr lcj cgroup show "$CG"
	assert_equal "$(jqo -c '[.[0].progs[] | [.attach_type, .attach_flags, .prog_id, .attached]]')" \
		"[[\"cgroup_inet_ingress\",\"none\",$none,\"prog-attach\"],[\"cgroup_inet_egress\",\"override\",$over,\"prog-attach\"]]"
	run --separate-stderr lcj cgroup show "$CG" type egress
	assert_success
	assert_equal "$(jqo -c '[.[0].progs[] | .prog_id]')" "[$over]"
	# the kernel's name works as well as bpftool's
	run --separate-stderr lcj cgroup show "$CG" type cgroup_inet_ingress
	assert_equal "$(jqo -c '[.[0].progs[] | .prog_id]')" "[$none]"
}

@test "show: recursive lists the descendants that have programs; PATH relative to the mount" {
	mkdir "$CG/a" "$CG/b" "$CG/a/c"
	p=$(bpftool_attach egress "$CG_SKB" multi)
	q=$(bpftool_attach ingress "$CG_SKB" multi "$CG/a/c")
	run --separate-stderr lcj cgroup show "${CG#"$CGROOT"/}" recursive
	assert_success
	assert_equal "$(jqo -c '[.[] | [.cgroup_path, .cgroup_id, [.progs[].prog_id]]]')" \
		"[[\"$CG\",$CGID,[$p]],[\"$CG/a/c\",$(stat -c %i "$CG/a/c"),[$q]]]"
	run --separate-stderr lcj cgroup show "$CG/b" recursive
	assert_equal "$(jqo -c .)" "[{\"cgroup_path\":\"$CG/b\",\"cgroup_id\":$(stat -c %i "$CG/b"),\"progs\":[]}]"
}

@test "show without PATH: every cgroup of the hierarchy that has programs" {
	mkdir "$CG/empty" "$CG/sub"
	p=$(bpftool_attach egress "$CG_SKB" multi "$CG/sub")
	run --separate-stderr lcj cgroup show
	assert_success
	assert_equal "$(jqo -c --arg cg "$CG" '[.[] | select(.cgroup_path | startswith($cg)) | [.cgroup_path, [.progs[].prog_id]]]')" \
		"[[\"$CG/sub\",[$p]]]"
	run --separate-stderr lc cgroup
	assert_line --regexp "^$CG/sub  cgroup_inet_egress  multi  prog $p cg_allow "
}

@test "show: effective lists inherited programs with the cgroup they come from" {
	mkdir "$CG/child"
	p=$(bpftool_attach egress "$CG_SKB" multi)
	q=$(bpftool_attach egress "$CG_SKB" multi "$CG/child")
	# the kernel's effective order, from bpftool
	want=$(bpftool -j cgroup show "$CG/child" effective | jq -c '[.[].id]')
	run --separate-stderr lcj cgroup show "$CG/child" effective
	assert_success
	assert_equal "$(jqo -c '[.[0].progs[].prog_id]')" "$want"
	assert_equal "$(jqo -c --argjson p "$p" '.[0].progs[] | select(.prog_id == $p) | [.inherited_from, .inherited_from_id]')" "[\"$CG\",$CGID]"
	assert_equal "$(jqo -c --argjson q "$q" '.[0].progs[] | select(.prog_id == $q) | [.inherited_from, has("inherited_from_id")]')" "[null,false]"
	run --separate-stderr lc cgroup show "$CG/child" effective
	assert_line --regexp "^$CG/child  cgroup_inet_egress  multi  prog $p cg_allow tag [0-9a-f]{16}  attached prog-attach  inherited from $CG\$"
	# without effective the child has only its own
	run --separate-stderr lcj cgroup show "$CG/child"
	assert_equal "$(jqo -c '[.[0].progs[].prog_id]')" "[$q]"
}

@test "show effective in a cgroup namespace: an ancestor above its root is null with a reason, not '(unknown)'" {
	mkdir "$CG/child"
	p=$(bpftool_attach egress "$CG_SKB" multi)
	local mnt="$BATS_TEST_TMPDIR/cg"
	mkdir "$mnt"
	# a shell in the child cgroup makes a cgroup namespace rooted there and mounts that view
	run --separate-stderr bash -c 'echo $$ > "$1/child/cgroup.procs"; exec unshare --cgroup --mount \
		sh -c "mount -t cgroup2 none \"\$1\" && \"\$2\" --nomount -j cgroup show \"\$1\" effective" sh "$2" "$3"' \
		sh "$CG" "$mnt" "$LINKCTL"
	assert_success
	echo "$output" | "$TESTS_DIR/tools/validate-json" cgroup-show || fail "$output"
	assert_equal "$(jqo -c --argjson p "$p" '.[0].progs[] | select(.prog_id == $p) | [.inherited_from, .inherited_from_reason, .inherited_from_id]')" \
		"[null,\"unknown\",null]"
	run --separate-stderr bash -c 'echo $$ > "$1/child/cgroup.procs"; exec unshare --cgroup --mount \
		sh -c "mount -t cgroup2 none \"\$1\" && \"\$2\" --nomount cgroup show \"\$1\" effective" sh "$2" "$3"' \
		sh "$CG" "$mnt" "$LINKCTL"
	# (the path: from the first cgroup2 mount in /proc/mounts, the host's, still there)
	assert_output --regexp "^$CG/child  cgroup_inet_egress  [a-z]+  prog $p cg_allow tag [0-9a-f]{16}  attached prog-attach  inherited from \(unknown\)\$"
}

@test "show errors: missing cgroup, not a cgroup, unknown type; JSON error documents" {
	run --separate-stderr lc cgroup show "$CG/nope"
	assert_failure 1
	assert_equal "$stderr" "Error: cannot open cgroup $CG/nope: No such file or directory"
	run --separate-stderr lcj cgroup show /tmp
	assert_failure 1
	assert_equal "$(jqo -c .)" '{"error":"/tmp is not a cgroup v2 directory","code":"not_found"}'
	run --separate-stderr lcj cgroup show "$CG" type xdp
	assert_failure 2
	assert_json
	assert_equal "$(jqo .error)" "cgroup show: unknown cgroup attach type 'xdp' (e.g. ingress, egress, sock_create, connect4; 'man linkctl-cgroup' lists them)"
	run --separate-stderr lc cgroup show "$CG" bogus
	assert_failure 2
}

@test "show as another user: the query needs CAP_NET_ADMIN, said so" {
	bpftool_attach egress "$CG_SKB" multi >/dev/null
	run --separate-stderr runuser -u nobody -- "$LINKCTL" -j cgroup show "$CG"
	assert_failure 1
	assert_json
	assert_output --partial "needs CAP_"
}

@test "completion: a cgroup's directories, then the kernel's attach type names" {
	mkdir "$CG/sub"
	comp cgroup attach "$CG/s"
	assert_output "$CG/sub"
	comp cgroup attach "$CG" cgroup_inet_e
	assert_output "cgroup_inet_egress"
	comp cgroup show type cgroup_sysc
	assert_output "cgroup_sysctl"
}

@test "show among 2,000 unrelated links: the cgroup's link is still found, once" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2000 sched_process_hang
	run --separate-stderr lcj cgroup attach "$CG" egress prog "$CG_SKB"
	link=$(jqo .link_id)
	prog=$(jqo .prog_id)
	run --separate-stderr lcj cgroup show "$CG"
	assert_success
	assert_equal "$(jqo -c '[.[0].progs[] | [.prog_id, .attached, .link_id]]')" "[[$prog,\"link\",$link]]"
}
