#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# `linkctl batch file FILE`: one command per line through the dispatcher; quoting, comments,
# the first failure stops the batch with its line number; -j makes one valid JSON array.

load helpers

VERSION_LINE="linkctl $(cat "$REPO_DIR/VERSION") (libbpf"

# batch_file NAME CONTENT: write a batch file under the test's tmpdir, print its path.
batch_file() {
	printf '%s' "$2" >"$BATS_TEST_TMPDIR/$1"
	echo "$BATS_TEST_TMPDIR/$1"
}

@test "batch runs each line in order; comments and blank lines are skipped" {
	f=$(batch_file ok.txt $'# a comment\nversion\n\n   # indented comment\nversion # trailing\n')
	run --separate-stderr lc batch file "$f"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial "$VERSION_LINE"
	assert_line --index 1 --partial "$VERSION_LINE"
	assert_equal "$stderr" ""
}

@test "batch -j: one array, one element per command with its argv and document" {
	f=$(batch_file ok.txt $'version\n# skipped\nprog help\n')
	run --separate-stderr lcj batch file "$f"
	assert_success
	assert_json
	assert_equal "$(jqo 'length')" 2
	assert_equal "$(jqo -c '.[0].command')" '["version"]'
	assert_equal "$(jqo '.[0].output.version')" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$(jqo -c '.[1].command')" '["prog","help"]'
	assert_equal "$(jqo '.[1].output.object')" "prog"
	assert_equal "$(jqo '[.[] | has("error") or has("line")] | any')" "false"
}

@test "batch shows a real program by ID" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	prog_id=$(ip_xdp_prog_id veth0)
	[ -n "$prog_id" ]
	f=$(batch_file show.txt "prog show id $prog_id"$'\n'"prog sh i $prog_id"$'\n')
	run --separate-stderr lcj batch file "$f"
	assert_success
	assert_equal "$(jqo '[.[].output.id] | join(",")')" "$prog_id,$prog_id"
	assert_equal "$(jqo '.[0].output.name')" "xdp_pass"
	assert_equal "$(jqo '.[0].output.type')" "xdp"
	assert_equal "$(jqo -c '.[1].command')" "[\"prog\",\"sh\",\"i\",\"$prog_id\"]"
	run --separate-stderr lc batch file "$f"
	assert_success
	assert_line --index 0 --regexp "^$prog_id: xdp  name xdp_pass  tag "
}

@test "the first failing command stops the batch: its line, its exit code" {
	f=$(batch_file fail.txt $'version\n\n# c\nprog show id 4000000000\nversion\n')
	lc_fails 1 "line 4: no program with id 4000000000" batch file "$f"
	assert_equal "${#lines[@]}" 1          # the last version never ran
	run --separate-stderr lcj batch file "$f"
	assert_failure 1
	assert_json
	assert_equal "$(jqo 'length')" 2
	assert_equal "$(jqo -c '.[1]')" \
		'{"command":["prog","show","id","4000000000"],"output":null,"line":4,"error":"no program with id 4000000000","code":"not_found"}'
	assert_equal "$stderr" "Error: line 4: no program with id 4000000000"
}

@test "a usage error in a line exits 2 with the line number" {
	f=$(batch_file usage.txt $'version\nfrobnicate now\n')
	lc_fails 2 "line 2: unknown object 'frobnicate' (try 'linkctl help')" batch file "$f"
	f=$(batch_file usage2.txt $'prog show id nan\n')
	run --separate-stderr lcj batch file "$f"
	assert_failure 2
	assert_equal "$(jqo -r '.[0].error')" "prog show: invalid ID 'nan' for 'id'"
	assert_equal "$(jqo '.[0].line')" 1
}

@test "unterminated quote: Error: line 3, exit 2, and the JSON array stays valid" {
	f=$(batch_file quote.txt $'version\nversion\nprog show pinned "/sys/fs/bpf/x\nversion\n')
	lc_fails 2 "line 3: unterminated double quote (opened at column 18)" batch file "$f"
	run --separate-stderr lcj batch file "$f"
	assert_failure 2
	assert_json
	assert_equal "$(jqo 'length')" 3
	assert_equal "$(jqo -c '.[2]')" \
		'{"command":null,"output":null,"line":3,"error":"unterminated double quote (opened at column 18)","code":"usage"}'
	f=$(batch_file squote.txt $'prog show pinned \'/x\n')
	lc_fails 2 "line 1: unterminated single quote (opened at column 18)" batch file "$f"
}

@test "quotes and escapes reach the command as single words" {
	f=$(batch_file words.txt "prog show pinned \"$BPFFS/a b\""$'\n')
	run --separate-stderr lcj batch file "$f"
	assert_failure 1
	assert_equal "$(jqo -c '.[0].command')" "[\"prog\",\"show\",\"pinned\",\"$BPFFS/a b\"]"
	assert_equal "$(jqo -r '.[0].error')" "cannot open pinned object $BPFFS/a b: No such file or directory"
	f=$(batch_file words2.txt "prog show pinned '$BPFFS/it\"s' # comment"$'\n')
	run --separate-stderr lcj batch file "$f"
	assert_equal "$(jqo -r '.[0].command[3]')" "$BPFFS/it\"s"
	f=$(batch_file words3.txt "prog show pinned $BPFFS/a\\ b\\#c#d"$'\n')
	run --separate-stderr lcj batch file "$f"
	assert_equal "$(jqo -r '.[0].command[3]')" "$BPFFS/a b#c#d"
}

@test "a backslash at the end of a line continues the command" {
	f=$(batch_file cont.txt $'version\nprog \\\n  show \\\nid 4000000000\nversion\n')
	run --separate-stderr lcj batch file "$f"
	assert_failure 1
	assert_equal "$(jqo -c '.[1].command')" '["prog","show","id","4000000000"]'
	assert_equal "$(jqo '.[1].line')" 2
	assert_equal "$stderr" "Error: line 2: no program with id 4000000000"
	f=$(batch_file cont2.txt $'version\nversion \\')
	lc_fails 2 "line 2: the file ends after a line continuation" batch file "$f"
}

@test "a NUL byte and an over-long line are refused with their line numbers" {
	printf 'version\nver\0sion\n' >"$BATS_TEST_TMPDIR/nul.txt"
	lc_fails 2 "line 2: NUL byte at column 4" batch file "$BATS_TEST_TMPDIR/nul.txt"
	{ echo version; echo version; head -c 70000 /dev/zero | tr '\0' a; echo; } >"$BATS_TEST_TMPDIR/long.txt"
	run --separate-stderr lcj batch file "$BATS_TEST_TMPDIR/long.txt"
	assert_failure 2
	assert_json
	assert_equal "$(jqo -c '.[2]')" \
		'{"command":null,"output":null,"line":3,"error":"line too long (more than 65536 bytes)","code":"usage"}'
	assert_equal "$stderr" "Error: line 3: line too long (more than 65536 bytes)"
}

@test "a missing batch file fails (exit 1) with a JSON error document" {
	assert_refused 1 "cannot open batch file '$BATS_TEST_TMPDIR/missing.txt': No such file or directory" \
		batch file "$BATS_TEST_TMPDIR/missing.txt"
	lc_fails 1 "cannot open batch file '$BATS_TEST_TMPDIR': Is a directory" \
		batch file "$BATS_TEST_TMPDIR"
}

@test "batch files do not nest, and the shell does not run inside one" {
	inner=$(batch_file inner.txt $'version\n')
	f=$(batch_file outer.txt "version"$'\n'"batch file $inner"$'\n')
	lc_fails 2 "line 2: batch files may not nest" batch file "$f"
	run --separate-stderr lcj batch file "$f"
	assert_failure 2
	assert_equal "$(jqo -c '.[1]')" \
		"{\"command\":[\"batch\",\"file\",\"$inner\"],\"output\":null,\"line\":2,\"error\":\"batch files may not nest\",\"code\":\"usage\"}"
	f=$(batch_file shell.txt $'shell\n')
	lc_fails 2 "line 1: the shell cannot run inside a batch file" batch file "$f"
}

@test "FILE - reads standard input" {
	run --separate-stderr bash -c "printf 'version\nprog show id 4000000000\n' | '$LINKCTL' -j batch file -"
	assert_failure 1
	assert_json
	assert_equal "$(jqo '.[0].output.version')" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$(jqo '.[1].line')" 2
	assert_equal "$stderr" "Error: line 2: no program with id 4000000000"
}

@test "global options apply to every line; a line may add its own (not a second -n)" {
	f=$(batch_file opts.txt $'version\n-j version\n--no-owners version\n-n x version\n')
	run --separate-stderr lcj batch file "$f"
	assert_failure 2
	assert_equal "$(jqo '.[0].output.version')" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$(jqo '.[1].output.version')" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$(jqo '.[2].output.version')" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$(jqo -r '.[3].error')" "option '-n' given more than once (already in network namespace '$NS')"
	assert_equal "$(jqo -r '.[3].code')" usage
}

@test "an empty batch succeeds: no text, an empty JSON array; -p indents" {
	f=$(batch_file empty.txt "")
	run --separate-stderr lc batch file "$f"
	assert_success
	assert_output ""
	run --separate-stderr lcj batch file "$f"
	assert_success
	assert_output "[]"
	f=$(batch_file one.txt $'version\n')
	run --separate-stderr "$LINKCTL" -p batch file "$f"
	assert_success
	assert [ "${#lines[@]}" -gt 3 ]        # indented over several lines
	assert_equal "$(echo "$output" | jq -r '.[0].output.version')" "$(cat "$REPO_DIR/VERSION")"
}

@test "batch usage errors: no FILE, an extra word" {
	lc_fails 2 "batch file: missing 'FILE'" batch file
	lc_fails 2 "batch file: unexpected argument 'b'" batch file a b
}

@test "batch: a CRLF file, with a continuation before the CR" {
	printf 'version\r\nprog show \\\r\nid 4000000000\r\n' >"$BATS_TEST_TMPDIR/crlf.txt"
	run --separate-stderr "$LINKCTL" batch file "$BATS_TEST_TMPDIR/crlf.txt"
	assert_failure 1
	assert_equal "$stderr" "Error: line 2: no program with id 4000000000"   # where the command starts
}

@test "batch -j: monitor's events become its output; exec is refused in a batch" {
	# xdp dev veth0: no other helper's links; no count, so the timeout is the expected end
	printf 'monitor xdp dev veth0 timeout 1\nversion\n' >"$BATS_TEST_TMPDIR/m.txt"
	run --separate-stderr "$LINKCTL" -j -n "$NS" batch file "$BATS_TEST_TMPDIR/m.txt"
	assert_success
	assert_equal "$(jqo -c '[.[].command[0]], .[0].output')" $'["monitor","version"]\n[]'
	printf 'xdp attach dev veth0 prog %s exec -- true\n' "$BPF_DIR/xdp_pass.bpf.o" >"$BATS_TEST_TMPDIR/e.txt"
	run --separate-stderr "$LINKCTL" -j -n "$NS" batch file "$BATS_TEST_TMPDIR/e.txt"
	assert_failure 2
	assert_equal "$(jqo -c '.[0] | [.line, .error]')" "[1,\"'exec' would replace the batch; not allowed in a batch file\"]"
	assert_equal "$(ip_xdp_prog_id veth0)" ""
}

# loader_runs FILE: how many light skeletons (linkctl's iterator programs) a batch loads.
loader_runs() {
	strace -f -e trace=bpf "$LINKCTL" --bpffs "$BPFFS" -n "$NS" batch file "$1" 2>&1 >/dev/null |
		grep -c 'BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SYSCALL'
}

@test "batch: the iterator programs are loaded once for the file, not once a line" {
	local pin=$BPFFS/prog one=() many=() i
	"$TESTS_DIR/tools/lc-pinprog.bin" "$BPF_DIR/xdp_pass.bpf.o" "$pin" >/dev/null
	for i in 1 2 3 4 5 6; do
		many+=("xdp attach dev veth0 prog pinned $pin pin $BPFFS/link" "xdp detach dev veth0 force")
	done
	one=("${many[@]:0:2}")
	f1=$(batch_file one.txt "$(printf '%s\n' "${one[@]}")")
	f6=$(batch_file six.txt "$(printf '%s\n' "${many[@]}")")
	run lc batch file "$f6"
	assert_success
	assert_equal "$(echo "$output" | grep -c 'detached, was attached via link')" 6
	# the device's hooks and the link's references (lib/self_iter.c): two light skeletons,
	# each loaded once; no pass over every link or every process's files
	assert_equal "$(loader_runs "$f1")" 2
	assert_equal "$(loader_runs "$f6")" 2
	# and the hook is empty after each pair, as ip sees it
	assert_equal "$(ip_xdp_prog_id veth0)" ""
}
