#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# `linkctl shell`: for real under a pseudo-terminal (tmux: type, complete, read the screen),
# and with standard input from a pipe (plain lines, no prompt).

load helpers

setup() {
	lc_setup
	TMUX_SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	SHELL_HOME="$BATS_TEST_TMPDIR/home"
	SHELL_STATUS="$BATS_TEST_TMPDIR/status"
	mkdir -p "$SHELL_HOME"
	# the pane stays after linkctl exits, so the screen can still be read
	echo "set -g remain-on-exit on" >"$BATS_TEST_TMPDIR/tmux.conf"
}

teardown() {
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
	lc_teardown
}

tm() { tmux -S "$TMUX_SOCK" "$@"; }

# tmux_start ARGS...: run linkctl ARGS in a detached 160x40 terminal with HOME=$SHELL_HOME;
# its exit status lands in $SHELL_STATUS.
tmux_start() {
	local cmd
	rm -f "$SHELL_STATUS"
	cmd=$(printf '%q ' env HOME="$SHELL_HOME" "$LINKCTL" "$@")
	tm -f "$BATS_TEST_TMPDIR/tmux.conf" new-session -d -s lc -x 160 -y 40 \
		"$cmd; echo \$? >$(printf '%q' "$SHELL_STATUS")"
}

screen() { tm capture-pane -N -p -t lc; }   # -N keeps the blank after a completion
keys() { tm send-keys -t lc "$@"; }

# wait_screen REGEX: poll the screen until a line matches (10 s), else fail showing it.
wait_screen() {
	local i
	for i in $(seq 1 100); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	fail "screen never matched '$1':"$'\n'"$(screen)"
}

# wait_exit STATUS: linkctl ended with STATUS (10 s).
wait_exit() {
	local i
	for i in $(seq 1 100); do
		[ -s "$SHELL_STATUS" ] && break
		sleep 0.1
	done
	[ "$(cat "$SHELL_STATUS" 2>/dev/null)" = "$1" ] ||
		fail "linkctl did not exit with $1 (status '$(cat "$SHELL_STATUS" 2>/dev/null)'):"$'\n'"$(screen)"
}

PROMPT_RE() { echo "^linkctl\\($NS\\)> "; }

@test "shell: TAB completes objects, verbs and keywords from the tables" {
	tmux_start -n "$NS" --bpffs "$BPFFS" shell
	wait_screen "$(PROMPT_RE)\$"
	keys 'li' Tab
	wait_screen "$(PROMPT_RE)link \$"
	keys C-u 'prog sh' Tab 'i' Tab
	wait_screen "$(PROMPT_RE)prog show id \$"
	keys C-u 'prog show ' Tab Tab
	wait_screen '^id +pinned +type *$'
	keys C-u 'quit' Enter
	wait_exit 0
}

@test "shell: an error prints its line and the prompt comes back; quit ends it" {
	tmux_start -n "$NS" --bpffs "$BPFFS" shell
	wait_screen "$(PROMPT_RE)\$"
	keys 'prog show id 4000000000' Enter
	wait_screen '^Error: no program with id 4000000000$'
	keys 'frob' Enter
	wait_screen "^Error: unknown object 'frob' \\(try 'linkctl help'\\)\$"
	keys 'prog show pinned "/x' Enter
	wait_screen '^Error: unterminated double quote \(opened at column 18\)$'
	keys 'version' Enter
	wait_screen "^linkctl $(cat "$REPO_DIR/VERSION") \\(libbpf"
	run screen
	assert_equal "$(echo "$output" | grep -cE "$(PROMPT_RE)")" 5
	keys 'quit' Enter
	wait_exit 0
}

@test "shell: exit and Ctrl-D end it too; Ctrl-C drops the line being typed" {
	tmux_start shell
	wait_screen '^linkctl> $'
	keys 'prog show id 4000000000' C-c
	wait_screen '^linkctl> $'
	keys 'version' Enter
	wait_screen "^linkctl $(cat "$REPO_DIR/VERSION")"
	run screen
	refute_output --partial "Error:"
	keys 'exit' Enter
	wait_exit 0
	tm kill-server
	tmux_start shell
	wait_screen '^linkctl> $'
	keys C-d
	wait_exit 0
}

@test "shell: Ctrl-C at the continuation prompt drops the whole command, and no key after it" {
	tmux_start shell
	wait_screen '^linkctl> $'
	keys 'prog \' Enter
	wait_screen '^> $'
	keys 'show id 4000000000' C-c
	wait_screen '^linkctl> $'
	keys 'version' Enter
	wait_screen "^linkctl $(cat "$REPO_DIR/VERSION")"
	run screen
	refute_output --partial "Error:"
	keys 'quit' Enter
	wait_exit 0
	# nothing of the dropped command went to the history
	run cat "$SHELL_HOME/.linkctl_history"
	refute_output --partial "prog"
}

@test "linkctl without arguments on a terminal starts the shell" {
	tmux_start
	wait_screen '^linkctl> $'
	keys 'quit' Enter
	wait_exit 0
}

@test "shell: TAB completes pinned paths under the bpffs root" {
	# two entries, so the first TAB stops at the root on every kernel (a fresh bpffs is
	# empty on Debian's; the host's has its bpf_preload files maps.debug, progs.debug)
	mkdir "$BPFFS/mydir" "$BPFFS/other"
	tmux_start -n "$NS" --bpffs "$BPFFS" shell
	wait_screen "$(PROMPT_RE)\$"
	keys 'prog show pinned ' Tab
	wait_screen "$(PROMPT_RE)prog show pinned $BPFFS/\$"
	keys 'my' Tab
	wait_screen "$(PROMPT_RE)prog show pinned $BPFFS/mydir/\$"
	keys C-u 'quit' Enter
	wait_exit 0
}

@test "shell: TAB completes paths with blanks: backslashes as bash does, or inside the quote typed" {
	mkdir "$BPFFS/my dir"
	tmux_start -n "$NS" --bpffs "$BPFFS" shell
	wait_screen "$(PROMPT_RE)\$"
	keys "prog show pinned $BPFFS/my" Tab
	wait_screen "$(PROMPT_RE)prog show pinned $BPFFS/my\\\\ dir/\$"
	keys C-u "prog show pinned $BPFFS/my\\ d" Tab
	wait_screen "$(PROMPT_RE)prog show pinned $BPFFS/my\\\\ dir/\$"
	keys Enter
	wait_screen "^Error: $BPFFS/my dir/ is a directory, not a pin\$"
	keys "prog show pinned \"$BPFFS/my d" Tab
	wait_screen "$(PROMPT_RE)prog show pinned \"$BPFFS/my dir/\$"
	keys C-u 'quit' Enter
	wait_exit 0
}

@test "shell -j: each command prints its own JSON document" {
	tmux_start -j shell
	wait_screen '^linkctl> $'
	keys 'version' Enter
	wait_screen "^\\{\"version\":\"$(cat "$REPO_DIR/VERSION")\",\"libbpf\":"
	keys 'prog show id 4000000000' Enter
	wait_screen '^\{"error":"no program with id 4000000000","code":"not_found"\}$'
	keys 'quit' Enter
	wait_exit 0
}

@test "shell: history is kept in \$HOME/.linkctl_history, bounded to 1000 lines" {
	seq 1 1500 | sed 's/^/old /' >"$SHELL_HOME/.linkctl_history"
	tmux_start shell
	wait_screen '^linkctl> $'
	keys 'version' Enter
	wait_screen '^linkctl [0-9]'
	keys Up
	wait_screen '^linkctl> version$'
	keys C-u 'help' Enter 'quit' Enter
	wait_exit 0
	run tail -n 3 "$SHELL_HOME/.linkctl_history"
	assert_output $'version\nhelp\nquit'
	run wc -l <"$SHELL_HOME/.linkctl_history"
	assert_output 1000
}

@test "shell from a pipe: no prompt, an error does not stop it, quit does" {
	run --separate-stderr bash -c "printf 'version\nprog show id 4000000000\n\"open\nversion\nquit\nversion\n' | '$LINKCTL' shell"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial "linkctl $(cat "$REPO_DIR/VERSION")"
	assert_line --index 1 --partial "linkctl $(cat "$REPO_DIR/VERSION")"
	assert_equal "$stderr" $'Error: no program with id 4000000000\nError: unterminated double quote (opened at column 1)'
}

@test "shell from a pipe with -j: one document per command, errors included" {
	run --separate-stderr bash -c "printf 'version\nprog show id 4000000000\nversion\n' | '$LINKCTL' -j shell"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "$(echo "${lines[0]}" | jq -r .version)" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "${lines[1]}" '{"error":"no program with id 4000000000","code":"not_found"}'
	assert_equal "$(echo "${lines[2]}" | jq -r .version)" "$(cat "$REPO_DIR/VERSION")"
}

@test "shell: a batch file runs inside it; a nested shell is refused" {
	printf 'version\nprog show id 4000000000\n' >"$BATS_TEST_TMPDIR/b.txt"
	run --separate-stderr bash -c "printf 'batch file $BATS_TEST_TMPDIR/b.txt\nshell\nversion\n' | '$LINKCTL' -j shell"
	assert_success
	assert_equal "${#lines[@]}" 3
	# the failing batch prints its array and no second {"error"} document
	assert_equal "$(echo "${lines[0]}" | jq -c '[.[].line]')" '[null,2]'
	assert_equal "${lines[1]}" '{"error":"already in the shell","code":"usage"}'
	assert_equal "$(echo "${lines[2]}" | jq -r .version)" "$(cat "$REPO_DIR/VERSION")"
	assert_equal "$stderr" $'Error: line 2: no program with id 4000000000\nError: already in the shell'
}

@test "shell: a line continued with a backslash is one command" {
	run --separate-stderr bash -c "printf 'prog \\\\\nshow id 4000000000\n' | '$LINKCTL' shell"
	assert_success
	assert_equal "$stderr" "Error: no program with id 4000000000"
}
