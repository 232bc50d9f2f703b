#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# bash-completion/linkctl: source it, set COMP_WORDS/COMP_CWORD, call _linkctl, check
# COMPREPLY exactly. COMP_WORDS[0] is $LINKCTL, which is not on PATH.

load helpers

setup() {
	lc_setup
	# shellcheck source=../bash-completion/linkctl
	source "$REPO_DIR/bash-completion/linkctl"
}

# (comp, from helpers.bash, completes with COMP_WORDS[0] = $LINKCTL, or $COMP_PROG)

# comp_sorted WORD...: the same, sorted (file names come in directory order).
comp_sorted() {
	comp "$@"
	output=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ')
}

@test "completion is registered for linkctl" {
	run complete -p linkctl
	assert_output "complete -F _linkctl linkctl"
}

@test "objects: every object of the tables, filtered by prefix" {
	comp ""
	assert_equal "$output" "$("$LINKCTL" -j help | jq -r '[.objects[].object] | join(" ")')"
	assert_output --partial "prog monitor audit version batch shell help"
	comp p
	assert_output "prog"
	comp ve
	assert_output "version"
	comp sh
	assert_output "shell"
	comp nosuch
	assert_output ""
}

@test "global options, and the object after them" {
	comp -
	assert_output "-j --json -p --pretty -d --debug -n --netns -A --all-netns --bpffs --nomount --no-owners -V --version -h --help"
	comp --n
	assert_output "--netns --nomount --no-owners"
	comp -j -p pr
	assert_output "prog"
	comp -n "$NS" --bpffs "$BPFFS" ve
	assert_output "version"
	comp "--bpffs=$BPFFS" --no-o pro
	assert_output "prog"
	comp -jn "$NS" ve
	assert_output "version"
}

@test "options after the object and among keywords: skipped, offered, their values completed" {
	comp xdp -j ""
	assert_output "attach detach show help"
	comp link list -p ""
	assert_output "type dev prog pinned owner"
	comp link list --js
	assert_output "--json"
	comp link list -n "$NS"
	assert_output "$NS"
	comp xdp show -n "$NS" dev ""
	assert_equal "$(tr " " "\n" <<<"$output" | sort | xargs)" "lo veth0 veth1"
	# never after exec: the command's words are its own
	comp xdp attach dev veth0 prog x.o exec -- -
	assert_output ""
}

@test "option values: namespaces after -n, directories after --bpffs" {
	comp -n "$NS"
	assert_output "$NS"
	comp --netns "$NS"
	assert_output "$NS"
	mkdir "$BATS_TEST_TMPDIR/dir1"
	touch "$BATS_TEST_TMPDIR/file1"
	comp --bpffs "$BATS_TEST_TMPDIR/"
	assert_output "$BATS_TEST_TMPDIR/dir1"
}

@test "verbs and keywords; given keywords and their group go" {
	comp prog ""
	assert_output "list show help"
	comp prog s
	assert_output "show"
	comp prog show ""
	assert_output "id pinned type"
	comp prog show id 5 ""
	assert_output "type"
	comp prog show type xdp ""
	assert_output "id pinned"
	comp p sh i
	assert_output "id"
	comp prog list ""
	assert_output "type"
	comp batch ""
	assert_output "file help"
	comp version ""
	assert_output "help"
	comp version help ""
	assert_output ""
	comp prog nosuch ""
	assert_output ""
}

@test "live program IDs after prog show id" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	prog_id=$(ip_xdp_prog_id veth0)
	[ -n "$prog_id" ]
	comp prog show id ""
	[[ " $output " == *" $prog_id "* ]] || fail "prog $prog_id not in: $output"
	comp -n "$NS" prog show id "$prog_id"
	[[ " $output " == *" $prog_id "* ]] || fail "prog $prog_id not in: $output"
	for id in "${COMPREPLY[@]}"; do
		[[ $id == "$prog_id"* ]] || fail "'$id' does not start with $prog_id"
	done
}

@test "pinned paths under the --bpffs root typed earlier" {
	mkdir "$BPFFS/mydir" "$BPFFS/other"
	comp_sorted --bpffs "$BPFFS" prog show pinned ""
	assert_output "$(find "$BPFFS" -mindepth 1 -maxdepth 1 | sort | paste -sd' ')"
	assert_output --partial "$BPFFS/mydir $BPFFS/other"
	comp --bpffs "$BPFFS" prog show pinned "$BPFFS/my"
	assert_output "$BPFFS/mydir"
	comp "--bpffs=$BPFFS" prog show pinned "$BPFFS/ot"
	assert_output "$BPFFS/other"
}

@test "link list pinned: the bpffs paths its optional PATH takes, or the other keywords" {
	mkdir "$BPFFS/mydir" "$BPFFS/other"
	comp --bpffs "$BPFFS" link list pinned "$BPFFS/my"
	assert_output "$BPFFS/mydir"
	comp_sorted --bpffs "$BPFFS" link list pinned ""
	assert_output "$({ find "$BPFFS" -mindepth 1 -maxdepth 1; printf '%s\n' dev owner prog type; } \
		| sort | paste -sd' ')"
	comp --bpffs "$BPFFS" link list pinned o
	assert_output "owner"
	# a path after pinned is its value: the keywords follow, pinned not again
	comp --bpffs "$BPFFS" link list pinned "$BPFFS/mydir" ""
	assert_output "type dev prog owner"
}

@test "files for batch file, relative and absolute" {
	mkdir -p "$BATS_TEST_TMPDIR/w/sub"
	touch "$BATS_TEST_TMPDIR/w/cmds.txt" "$BATS_TEST_TMPDIR/w/sub/more.txt" "$BATS_TEST_TMPDIR/w/.hidden"
	cd "$BATS_TEST_TMPDIR/w"
	comp_sorted batch file ""
	assert_output "cmds.txt sub"
	comp batch file sub/
	assert_output "sub/more.txt"
	comp batch file "$BATS_TEST_TMPDIR/w/c"
	assert_output "$BATS_TEST_TMPDIR/w/cmds.txt"
	comp batch file cmds.txt ""
	assert_output ""
}

@test "devices of the -n namespace after dev" {
	read -r obj verb _ < <(verb_with_arg '.name == "dev"') || true
	[ -n "${obj:-}" ] || fail "no verb takes 'dev'"
	comp_sorted -n "$NS" "$obj" "$verb" dev ""
	assert_equal "$(tr " " "\n" <<<"$output" | sort | xargs)" "lo veth0 veth1"
	comp -n "$NS" "$obj" "$verb" dev veth1
	assert_output "veth1"
}

@test "live link IDs after id in link commands" {
	read -r obj verb _ < <(verb_with_arg '.name == "id"' link) || true
	[ -n "${obj:-}" ] || fail "no link verb takes 'id'"
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	comp "$obj" "$verb" id ""
	for id in $HOLD_IDS; do
		[[ " $output " == *" $id "* ]] || fail "link $id not in: $output"
	done
}

@test "PROGSPEC: id, pinned and object files" {
	read -r obj verb kw < <(verb_with_arg '.kind == "progspec"') || true
	[ -n "${obj:-}" ] || fail "no verb takes a PROGSPEC"
	cd "$BPF_DIR"
	comp "$obj" "$verb" "$kw" ""
	[[ "$output" == "id pinned "* ]] || fail "PROGSPEC candidates: $output"
	comp "$obj" "$verb" "$kw" xdp_p
	assert_output "xdp_pass.bpf.o"
	comp "$obj" "$verb" "$kw" xdp_two.bpf.o name ""
	assert_output "xdp_first xdp_second"
}

@test "COMP_WORDS[0] as ~/path works; a missing program completes nothing, silently" {
	mkdir -p "$BATS_TEST_TMPDIR/home/bin"
	ln -s "$LINKCTL" "$BATS_TEST_TMPDIR/home/bin/linkctl"
	HOME="$BATS_TEST_TMPDIR/home" COMP_PROG="~/bin/linkctl" comp pr
	assert_output "prog"
	PATH="$BATS_TEST_TMPDIR/home/bin:$PATH" COMP_PROG=linkctl comp ve
	assert_output "version"
	COMP_PROG="$BATS_TEST_TMPDIR/nope/linkctl" run comp pr
	assert_success
	assert_output ""
}

# verb_with_arg JQ-CONDITION [OBJECT]: "object verb keyword" of the first verb with an
# argument row matching the condition, from `linkctl -j OBJECT help`.
verb_with_arg() {
	local objs obj
	objs=${2:-$("$LINKCTL" -j help | jq -r '.objects[].object')}
	for obj in $objs; do
		"$LINKCTL" -j "$obj" help | jq -r --arg o "$obj" \
			"[.verbs[] | .verb as \$v | .args[] | select($1) | \"\\(\$o) \\(\$v) \\(.name)\"] | .[0] // empty"
	done | head -n 1 | grep .
}

@test "--bpffs=DIR as bash splits it (three words) still completes what follows" {
	comp --bpffs = /tmp li
	assert_output "link"
	comp -n "$NS" --bpffs = "$BATS_TEST_TMPDIR" xdp sh
	assert_output "show"
}

@test "audit: finding codes after ignore and only, the next one after a comma" {
	comp audit ignore ""
	assert_output "xdp-netlink pin-dir-writable pin-defunct pin-netns-gone cgroup-prog-attach tc-cls-bpf tcx-prog-attach"
	comp audit only tc
	assert_output "tc-cls-bpf tcx-prog-attach"
	comp audit ignore xdp-netlink,pin-d
	assert_output "xdp-netlink,pin-dir-writable xdp-netlink,pin-defunct"
	# ignore and only exclude each other
	comp audit ignore xdp-netlink ""
	assert_output "warn-only"
}
