// SPDX-License-Identifier: GPL-2.0-only
/* test_args.c: unit tests of the grammar parser, its binding to typed fields, its usage text. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include "tap.h"
#include "grammar_fixture.h"

struct positional_opts {
	struct arg_u32 id;
	const char *pinned;
	const char *path;
};

static const struct arg_spec positional[] = {
	ROW_U32(struct positional_opts, "id", id, "ID", VAL_LINK_ID, ARG_REQUIRED, 1),
	ROW_STR(struct positional_opts, "pinned", pinned, "PATH", VAL_PIN, ARG_REQUIRED, 1),
	ROW_POS(struct positional_opts, "PATH", path, VAL_PIN, ARG_REQUIRED),
	{ 0 }
};

struct list_opts {
	struct arg_flag_path pinned;
	struct arg_u32 owner;
};

static const struct arg_spec list_like[] = {
	ROW_FLAG_PATH(struct list_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 0),
	ROW_U32(struct list_opts, "owner", owner, "PID", VAL_PID, 0, 0),
	{ 0 }
};

/* Bound fields between canaries: a wrong offset or size shows as a changed canary. */
struct canary_opts {
	unsigned int before;
	bool flag;
	unsigned int mid;
	struct arg_u32 num;
	unsigned int mid2;
	const char *word;
	unsigned int after;
};

static const struct arg_spec canary_rows[] = {
	ROW_FLAG(struct canary_opts, "flag", flag, 0, 0),
	ROW_U32(struct canary_opts, "num", num, "N", VAL_NONE, 0, 0),
	ROW_STR(struct canary_opts, "word", word, "WORD", VAL_NONE, 0, 0),
	{ 0 }
};

#define CANARY 0x5a5a5a5au

static int parse(const struct arg_spec *spec, const char *line, void *opts, char *msg)
{
	static char buf[512];
	static char *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 32; t = strtok(NULL, " "))
		argv[argc++] = t;
	return args_parse(spec, argc, argv, opts, msg, 256);
}

static void test_match_prefix(void)
{
	const char *names[] = { "pin", "pinned", "prog", "unpin" };

	TAP_OK(match_prefix("pin", names, 4) == 0, "exact match wins over longer names");
	TAP_OK(match_prefix("pinn", names, 4) == 1, "unique prefix matches");
	TAP_OK(match_prefix("p", names, 4) == -2, "ambiguous prefix is -2");
	TAP_OK(match_prefix("x", names, 4) == -1, "no match is -1");
	TAP_OK(match_prefix("", names, 4) == -1, "empty word matches nothing");
}
static void test_parse_u32(void)
{
	__u32 v;

	TAP_OK(parse_u32("42", &v) && v == 42, "decimal");
	TAP_OK(parse_u32("0x10", &v) && v == 16, "hex");
	TAP_OK(!parse_u32("4294967296", &v), "overflow refused");
	TAP_OK(!parse_u32("-1", &v), "negative refused");
	TAP_OK(!parse_u32("12abc", &v), "trailing garbage refused");
	TAP_OK(parse_u32("010", &v) && v == 10, "a leading zero is still decimal, not octal");
	TAP_OK(!parse_u32(" 1", &v), "leading space refused");
	TAP_OK(!parse_u32("0x", &v), "0x alone refused");
	TAP_OK(!parse_u32("0x0x1", &v), "a second 0x refused (strtoull base 16 took it)");
	TAP_OK(!parse_u32("0x+1", &v) && !parse_u32("0x 1", &v) && !parse_u32("+1", &v),
	       "no sign or blank after 0x or before digits");
	TAP_OK(parse_u32("0XfF", &v) && v == 255, "hex digits in either case");
	TAP_OK(parse_u32("4294967295", &v) && v == 4294967295u, "UINT32_MAX accepted");
	TAP_OK(!parse_u32("0x100000000", &v), "hex overflow refused");
	TAP_OK(!parse_u32("", &v) && !parse_u32(NULL, &v), "empty and NULL refused");
}

static void test_parse(void)
{
	struct fx_attach_opts a;
	char msg[256] = "";

	TAP_OK(!parse(fx_attach_args, "de veth0 prog x.o name foo v net sk al 1 al 2 exec -- sleep 1",
		      &a, msg), "full attach line parses");
	TAP_STREQ(a.dev, "veth0", "dev value in its field");
	TAP_OK(a.prog.kind == LC_PROG_SPEC_FILE, "prog spec is a file");
	TAP_STREQ(a.prog.prog_name, "foo", "prog name");
	TAP_OK(a.via == FX_VIA_NETLINK, "choice stores the enum value of the word, not its index");
	TAP_OK(a.skb && !a.drv, "flag given, its group partner not");
	TAP_OK(a.allow_uid.n == 2 && a.allow_uid.val[0] == 1 && a.allow_uid.val[1] == 2,
	       "repeated keyword keeps every value in order");
	TAP_OK(a.exec.argc == 2 && !strcmp(a.exec.argv[0], "sleep"), "rest takes everything after --");
	TAP_OK(!a.pin && !a.pinned.given && !a.old_prog.given, "rows not given: not present");
	TAP_OK(!parse(fx_attach_args, "dev a prog id 7 via l", &a, msg), "choice prefix of the first word");
	TAP_OK(a.via == FX_VIA_LINK, "the first choice's value");
	TAP_OK(a.prog.kind == LC_PROG_SPEC_ID && a.prog.id == 7, "prog id");
	TAP_OK(!a.skb && a.allow_uid.n == 0 && !a.exec.argv, "a second parse clears the first's values");
	TAP_OK(!parse(fx_attach_args, "dev a prog id 7", &a, msg) && a.via == FX_VIA_ANY,
	       "a choice not given is the enum's 0");
	TAP_OK(!parse(fx_attach_args, "dev a prog id 7 old 0x0", &a, msg), "a number given as 0");
	TAP_OK(a.old_prog.given && a.old_prog.val == 0, "given and 0 are told apart");
	TAP_STREQ(a.old_prog.word, "0x0", "the number as typed");

	TAP_OK(parse(fx_attach_args, "dev a prog id 7 p x", &a, msg) == -EINVAL, "ambiguous keyword refused");
	TAP_STREQ(msg, "ambiguous keyword 'p': could be prog, pin, pinned", "ambiguity names candidates");
	TAP_OK(parse(fx_attach_args, "dev a prog id 7 skb drv", &a, msg) == -EINVAL, "group conflict");
	TAP_STREQ(msg, "'skb' and 'drv' exclude each other", "group conflict message");
	TAP_OK(parse(fx_attach_args, "prog id 7", &a, msg) == -EINVAL, "required missing");
	TAP_STREQ(msg, "missing 'dev'", "required message");
	TAP_OK(parse(fx_attach_args, "dev a prog id 0", &a, msg) == -EINVAL, "prog id 0 refused");
	TAP_OK(parse(fx_attach_args, "dev a prog pinned /x via bogus", &a, msg) == -EINVAL, "bad choice");
	TAP_STREQ(msg, "invalid value 'bogus' for 'via' (expected link|netlink)", "choice message");
	TAP_OK(parse(fx_attach_args, "dev a prog id 1 dev b", &a, msg) == -EINVAL, "duplicate refused");
	TAP_OK(parse(fx_attach_args, "dev a prog id 1 old x", &a, msg) == -EINVAL, "bad number");
	TAP_STREQ(msg, "invalid ID 'x' for 'old-prog'", "bad number message");
}

static void test_positional(void)
{
	struct positional_opts p;
	struct list_opts l;
	char msg[256] = "";

	TAP_OK(!parse(positional, "id 5 /sys/fs/bpf/x", &p, msg), "positional after keyword");
	TAP_STREQ(p.path, "/sys/fs/bpf/x", "positional value in its field");
	TAP_OK(p.id.given && p.id.val == 5 && !p.pinned, "the group member given, the other not");
	TAP_OK(parse(positional, "/sys/fs/bpf/x", &p, msg) == -EINVAL, "required group missing");
	TAP_STREQ(msg, "missing 'id' (or one of its alternatives)", "required group message");
	TAP_OK(parse(positional, "id 5 a b", &p, msg) == -EINVAL, "extra positional refused");
	TAP_STREQ(msg, "unexpected argument 'b'", "extra positional message");

	TAP_OK(!parse(list_like, "pinned owner 5", &l, msg), "optional path: a keyword is not it");
	TAP_OK(l.pinned.given && !l.pinned.path && l.owner.val == 5, "optional path absent");
	TAP_OK(!parse(list_like, "pinned /sys/fs/bpf/x owner 5", &l, msg), "optional path given");
	TAP_STREQ(l.pinned.path, "/sys/fs/bpf/x", "optional path value");
	TAP_OK(!parse(list_like, "owner 5", &l, msg) && !l.pinned.given, "optional-path flag absent");
	TAP_OK(parse(list_like, "pinned x", &l, msg) == -EINVAL, "a word without '/' is no path");
	TAP_STREQ(msg, "unexpected argument 'x'", "no-path word message");
}

/* The recorded offset and size put each value in its field and nowhere else. */
static void test_binding(void)
{
	struct canary_opts c;
	char msg[256] = "";

	memset(&c, 0x5a, sizeof(c));
	TAP_OK(!parse(canary_rows, "num 0x10 word w flag", &c, msg), "canary line parses");
	TAP_OK(c.flag && c.num.given && c.num.val == 16 && c.word && !strcmp(c.word, "w"),
	       "each value in its field");
	TAP_OK(c.before == CANARY && c.mid == CANARY && c.mid2 == CANARY && c.after == CANARY,
	       "the bytes around the fields are untouched");
	memset(&c, 0x5a, sizeof(c));
	TAP_OK(!parse(canary_rows, "", &c, msg), "empty line parses");
	TAP_OK(!c.flag && !c.num.given && !c.num.val && !c.word, "every bound field cleared");
	TAP_OK(c.before == CANARY && c.mid == CANARY && c.mid2 == CANARY && c.after == CANARY,
	       "clearing stays inside the fields");
}

/* A row whose recorded size is not what its kind writes stops the parser (abort). */
static void test_bad_size(void)
{
	static const struct arg_spec bad[] = {
		{ .name = "flag", .kind = ARG_FLAG, .off = 0, .size = sizeof(int) },
		{ 0 }
	};
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		char word[] = "flag", *argv[] = { word, NULL }, msg[64];
		int field = 0, devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		args_parse(bad, 1, argv, &field, msg, sizeof(msg));
		_exit(0);
	}
	waitpid(pid, &status, 0);
	TAP_OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	       "a row bound to a field of the wrong size aborts instead of writing");
}

static void test_usage(void)
{
	char buf[512];

	args_usage(fx_attach_args, buf, sizeof(buf));
	TAP_STREQ(buf, "dev IFNAME prog PROGSPEC [via link|netlink] [ skb | drv ] [pin PATH] "
		  "[pinned [PATH]] [allow-uid UID]... [old-prog ID] [exec -- CMD [ARGS...]]",
		  "usage from the table");
	args_usage(positional, buf, sizeof(buf));
	TAP_STREQ(buf, "{ id ID | pinned PATH } PATH", "required group and positional");
	args_usage(list_like, buf, sizeof(buf));
	TAP_STREQ(buf, "[pinned [PATH]] [owner PID]", "optional path in usage");
}

int main(void)
{
	test_match_prefix();
	test_parse_u32();
	test_parse();
	test_positional();
	test_binding();
	test_bad_size();
	test_usage();
	return TAP_DONE();
}
