#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Inputs an audit found mishandled (issue 15): each gets one clear error, a non-zero exit,
# nothing run, nothing blocking.

load helpers
load xdp_helpers

# assert_refused CODE MSG ARGS...: text and JSON say MSG, exit CODE.
assert_refused() {
	local code=$1 msg=$2
	shift 2
	run --separate-stderr timeout 10 "$LINKCTL" "$@"
	assert_failure "$code"
	assert_equal "$stderr" "Error: $msg"
	assert_equal "$output" ""
	run --separate-stderr timeout 10 "$LINKCTL" -j "$@"
	assert_failure "$code"
	assert_equal "$(jqo .error)" "$msg"
}

@test "batch: a line over 65,536 bytes with CR as byte 65,537 is one line, too long; nothing runs" {
	local f="$BATS_TEST_TMPDIR/long.txt"
	# "version" padded with blanks to 65,536 bytes, then CR, then a second "version"
	{ printf 'version%65529s\rversion\n' ''; printf 'version\n'; } >"$f"
	[ "$(head -c 65537 "$f" | tail -c 1 | od -An -c | tr -d ' ')" = '\r' ]
	run --separate-stderr "$LINKCTL" batch file "$f"
	assert_failure 2
	assert_equal "$stderr" "Error: line 1: line too long (more than 65536 bytes)"
	assert_equal "$output" ""
	run --separate-stderr "$LINKCTL" -j batch file "$f"
	assert_failure 2
	assert_equal "$(jqo -c '[length, .[0].line, .[0].error]')" '[1,1,"line too long (more than 65536 bytes)"]'
	# exactly 65,536 bytes and CRLF is the longest line there is: it runs
	{ printf 'version%65529s\r\n' ''; } >"$f"
	run --separate-stderr "$LINKCTL" -j batch file "$f"
	assert_success
	assert_equal "$(jqo -c '[length, .[0].command]')" '[1,["version"]]'
}

@test "numbers: 0x0x1 and other non-numbers are refused everywhere a number is read" {
	assert_refused 2 "prog show: invalid ID '0x0x1' for 'id'" prog show id 0x0x1
	assert_refused 2 "link show: invalid ID '0x0x1' for 'id'" link show id 0x0x1
	run --separate-stderr "$LINKCTL" link list type 0x0x5
	assert_failure 2
	[[ "$stderr" == "Error: link: unknown link type '0x0x5' (one of: "* ]]
	assert_equal "$output" ""
	# the numbers that are numbers still are
	run --separate-stderr "$LINKCTL" -j link list type 0x5
	assert_success
	run --separate-stderr "$LINKCTL" -j link list type 5
	assert_success
}

@test "a FIFO, a device or a directory as a batch file or BPF object: refused at once" {
	local fifo="$BATS_TEST_TMPDIR/fifo"
	mkfifo "$fifo"
	assert_refused 1 "cannot open batch file '$fifo': not a regular file (a FIFO)" batch file "$fifo"
	assert_refused 1 "cannot open batch file '/dev/zero': not a regular file (a character device)" \
		batch file /dev/zero
	assert_refused 1 "cannot open batch file '$BATS_TEST_TMPDIR': Is a directory" batch file "$BATS_TEST_TMPDIR"
	assert_refused 1 "cannot open BPF object $fifo: not a regular file (a FIFO)" \
		--bpffs "$BPFFS" -n "$NS" xdp attach dev veth0 prog "$fifo"
	assert_refused 1 "cannot open BPF object $BATS_TEST_TMPDIR: Is a directory" \
		--bpffs "$BPFFS" -n "$NS" xdp attach dev veth0 prog "$BATS_TEST_TMPDIR"
	assert_equal "$(ip_xdp_mode veth0)" none
	# completion of an object's programs does not hang on it either
	run timeout 10 "$LINKCTL" --complete 5 xdp attach dev veth0 prog "$fifo" ""
	assert_success
	# '-' is still standard input
	run --separate-stderr "$LINKCTL" -j batch file - <<<"version"
	assert_success
	assert_equal "$(jqo -c '.[0].command')" '["version"]'
}

@test "shell without a terminal: lines are bounded as in batch files, and the shell goes on" {
	# a 200 MB line in 150 MB of address space: only a bounded reader gets to "version"
	# (AddressSanitizer reserves terabytes of shadow: its build runs without the limit)
	local limit="ulimit -v 150000;"
	nm "$LINKCTL" 2>/dev/null | grep -q __asan_init && limit=""
	run --separate-stderr bash -c "$limit { head -c 200000000 /dev/zero | tr '\\0' x; printf '\\nversion\\n'; } | '$LINKCTL' shell"
	assert_success
	assert_equal "$stderr" "Error: line too long (more than 65536 bytes)"
	assert_equal "$output" "$("$LINKCTL" version)"
	# the tail of a too-long line is never a command of its own
	run --separate-stderr bash -c "{ printf 'version%65529s\\rversion\\n' ''; } | '$LINKCTL' shell"
	assert_success
	assert_equal "$stderr" "Error: line too long (more than 65536 bytes)"
	assert_equal "$output" ""
}

@test "an error message longer than the buffer keeps its errno text; the middle goes" {
	local long
	long="$BATS_TEST_TMPDIR/$(printf 'a%.0s' $(seq 250))/$(printf 'b%.0s' $(seq 250))/missing"
	run --separate-stderr "$LINKCTL" batch file "$long"
	assert_failure 1
	[[ "$stderr" == "Error: cannot open batch file '$BATS_TEST_TMPDIR/"*"...b"*"b/missing': No such file or directory" ]]
	[ "${#stderr}" -le 520 ]
	run --separate-stderr "$LINKCTL" -j batch file "$long"
	assert_failure 1
	[[ "$(jqo .error)" == *"...b"*"b/missing': No such file or directory" ]]
}

@test "source: one number parser, one line reader, one way to open a BPF object" {
	# numbers on the command line go through parse_u32 (cmd/args.c) only
	run grep -rnE '\bstrto(u?ll?|u?l|d|imax|umax)\(|\bato(i|l|ll)\(|\bsscanf\(' "$REPO_DIR/cmd"
	assert_output ""
	# lines of commands are read by cmd/lineread.c only (bounded)
	run grep -rlE '\b(getline|getdelim|fgets|getc|fgetc|fread)\(' "$REPO_DIR/cmd"
	assert_output "$REPO_DIR/cmd/lineread.c"
	# object files are opened through lib/regfile.c (regular files only, never blocking)
	run grep -rlE '\bbpf_object__open(_file|_mem)?\(' "$REPO_DIR/cmd" "$REPO_DIR/lib"
	assert_output "$REPO_DIR/lib/regfile.c"
}
