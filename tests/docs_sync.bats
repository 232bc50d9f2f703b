#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# help, man pages and bash completion against the dispatcher tables (read through
# `linkctl -j help` and `linkctl -j OBJECT help`): every object, verb, keyword and choice
# appears in all three, and the completion offers nothing the tables lack.
#
# An object with verbs is documented in docs/man/linkctl-OBJECT.rst when that page
# exists, otherwise in linkctl.rst (as version, help, batch and shell are).

load helpers

MAN_DIR="$REPO_DIR/docs/man"

setup() {
	lc_setup
	# live values must not pass for table words: no files, no pins around
	EMPTY_DIR="$BATS_TEST_TMPDIR/empty"
	mkdir "$EMPTY_DIR"
	cd "$EMPTY_DIR"
}

man_source() {
	if [ -f "$MAN_DIR/linkctl-$1.rst" ]; then
		echo "$MAN_DIR/linkctl-$1.rst"
	else
		echo "$MAN_DIR/linkctl.rst"
	fi
}

# The page as man shows it (rendered here, so a stale .8 cannot hide anything).
man_text() {
	rst2man --halt=warning "$1" | MANWIDTH=250 man -l - 2>/dev/null | col -b
}

# Completion of WORDS... as a sorted list, one per line, in $NS with no bpffs root.
comp_list() {
	comp -n "$NS" --bpffs "$BATS_TEST_TMPDIR/no-bpffs" "$@"
	printf '%s\n' "${COMPREPLY[@]}" | grep . | sort
}

# Words of a list (one per line) that are not in another (one per line).
missing_from() { comm -23 <(sort -u <<<"$1") <(sort -u <<<"$2"); }

# Candidates that are live values (IDs, paths, the namespace's devices), not table words.
drop_live_values() { grep -vxE '[0-9]+|.*/.*|lo|veth0|veth1' || true; }

has_word() { grep -qw -- "$2" <<<"$1"; }

check_object() {
	local obj=$1 src json help_text page verbs verb usage kw cands want
	src=$(man_source "$obj")
	json=$("$LINKCTL" -j "$obj" help)
	help_text=$("$LINKCTL" "$obj" help)
	page=$(man_text "$src")
	verbs=$(jq -r '.verbs[].verb' <<<"$json")
	if [ -z "$verbs" ]; then
		check_usage "$obj" "$src" "$(jq -r '.usage' <<<"$json")"
		check_args "$obj" "$json" '.' "$help_text" "$page" "$obj"
		return
	fi
	cands=$(comp_list "$obj" "")
	want=$(printf '%s\nhelp\n' "$verbs" | sort)
	[ "$cands" = "$want" ] || fail "$obj: completion offers '$cands', the table has '$want'"
	for verb in $verbs; do
		usage=$(jq -r --arg v "$verb" '.verbs[] | select(.verb == $v) | .usage' <<<"$json")
		has_word "$help_text" "$verb" || fail "$obj help lacks the verb $verb"
		has_word "$page" "$verb" || fail "$src lacks the verb $verb"
		check_usage "$obj" "$src" "$usage"
		check_args "$obj" "$json" ".verbs[] | select(.verb == \"$verb\")" "$help_text" "$page" \
			"$obj" "$verb"
	done
	check_page_verbs "$obj" "$src" "$verbs"
}

# The usage line from the table appears verbatim in the help and in the page's source.
check_usage() {
	"$LINKCTL" "$1" help | grep -qF -- "$3" || fail "'$1 help' lacks '$3'"
	grep -qF -- "$3" "$2" || fail "$2 lacks the usage line '$3' (copy it from 'linkctl $1 help')"
}

# check_args OBJ JSON JQ-PATH HELP PAGE WORDS...: keywords and choices of one grammar.
check_args() {
	local obj=$1 json=$2 path=$3 help_text=$4 page=$5 keywords kw choices cands extra
	shift 5
	keywords=$(jq -r "$path | .args[] | select(.kind != \"positional\") | .name" <<<"$json")
	for kw in $keywords; do
		has_word "$help_text" "$kw" || fail "'$obj help' lacks the keyword $kw"
		has_word "$page" "$kw" || fail "the man page of $obj lacks the keyword $kw"
	done
	cands=$(comp_list "$@" "" | { grep -vx help || true; })
	extra=$(missing_from "$(drop_live_values <<<"$cands")" "$keywords")
	[ -z "$extra" ] || fail "completion of '$*' offers words the table lacks: $extra"
	extra=$(missing_from "$keywords" "$cands")
	[ -z "$extra" ] || fail "completion of '$*' lacks the keywords: $extra"
	while IFS=$'\t' read -r kw choices; do
		[ -n "$kw" ] || continue
		cands=$(comp_list "$@" "$kw" "")
		[ "$cands" = "$(tr '|' '\n' <<<"$choices" | sort)" ] ||
			fail "completion of '$* $kw' offers '$cands', the table has '$choices'"
		for c in ${choices//|/ }; do
			has_word "$page" "$c" || fail "the man page of $obj lacks the choice $c of $kw"
		done
	done < <(jq -r "$path | .args[] | select(.kind == \"choice\") | [.name, .meta] | @tsv" <<<"$json")
}

# In the page's literal blocks, `linkctl [OPTIONS] OBJ WORD` names only verbs (or help),
# and `OBJ { a | b }` lists only verbs.
check_page_verbs() {
	local obj=$1 src=$2 verbs=$3 word
	for word in $(grep -oE "^ +linkctl (\[OPTIONS\] )?$obj [a-z][a-z-]*" "$src" | awk '{print $NF}'); do
		has_word "$verbs"$'\n'help "$word" || fail "$src names '$obj $word', which is no verb"
	done
	for word in $(grep -oE "^ +linkctl (\[OPTIONS\] )?$obj \{[^}]*\}" "$src" | sed 's/.*{//; s/}//; s/|/ /g'); do
		[ "$word" = COMMAND ] && continue
		has_word "$verbs"$'\n'help "$word" || fail "$src lists '$word' as a $obj verb"
	done
}

@test "objects: help, linkctl.8 and completion list exactly the tables' objects" {
	objects=$("$LINKCTL" -j help | jq -r '.objects[].object' | sort)
	run "$LINKCTL" help
	for obj in $objects; do
		assert_line --regexp "^  $obj +"
	done
	page=$(man_text "$MAN_DIR/linkctl.rst")
	synopsis=$(grep -oE 'OBJECT := \{[^}]*\}' "$MAN_DIR/linkctl.rst" | sed 's/.*{//; s/}//' | tr '|' '\n' | tr -d ' ' | sort)
	assert_equal "$synopsis" "$objects"
	for obj in $objects; do
		has_word "$page" "$obj" || fail "linkctl.8 lacks the object $obj"
	done
	assert_equal "$(comp_list "")" "$objects"
}

@test "global options: help, linkctl.8 and completion agree" {
	options=$("$LINKCTL" -j help | jq -r '.options[].option' | grep -oE -- '--?[a-zA-Z][a-z-]*' | sort)
	page=$(man_text "$MAN_DIR/linkctl.rst")
	for opt in $options; do
		grep -qF -- "$opt" <<<"$page" || fail "linkctl.8 lacks the option $opt"
	done
	assert_equal "$(comp_list -)" "$options"
}

@test "every object of the tables has its check below" {
	objects=$("$LINKCTL" -j help | jq -r '.objects[].object' | sort)
	checked=$(grep -oE '\{ check_object [a-z-]+;' "$BATS_TEST_FILENAME" | tr -d ';' | awk '{print $3}' | sort)
	assert_equal "$checked" "$objects"
}

@test "docs sync: link" { check_object link; }
@test "docs sync: xdp" { check_object xdp; }
@test "docs sync: tcx" { check_object tcx; }
@test "docs sync: cgroup" { check_object cgroup; }
@test "docs sync: prog" { check_object prog; }
@test "docs sync: monitor" { check_object monitor; }
@test "docs sync: audit" { check_object audit; }
@test "docs sync: version" { check_object version; }
@test "docs sync: batch" { check_object batch; }
@test "docs sync: shell" { check_object shell; }
@test "docs sync: help" { check_object help; }

# Markdown renders a table only with a header row, a delimiter row under it and a blank line
# (or a block start) before it; without them its rows are one run-on paragraph.
@test "every table of docs/*.md has a header, a delimiter row and a blank line before it" {
	local f bad
	for f in "$REPO_DIR"/docs/*.md; do
		bad=$(awk '
			/^```/ { fence = !fence }
			!fence && /^\|/ && prev !~ /^\|/ {
				start = NR
				if (prev !~ /^[[:space:]]*$/) print FILENAME ":" NR ": no blank line before the table"
			}
			!fence && start && NR == start + 1 && !/^\|( *:?-+:? *\|)+$/ {
				print FILENAME ":" start ": no delimiter row under the header"
			}
			{ prev = $0 }' "$f")
		[ -z "$bad" ] || fail "$bad"
	done
}
