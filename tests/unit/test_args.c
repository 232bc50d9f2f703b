// SPDX-License-Identifier: GPL-2.0-only
/* test_args.c: unit tests of the keyword grammar parser and its usage generator. */
#include <errno.h>

#include "tap.h"
#include "../../cmd/args.h"

static const struct arg_spec attach_like[] = {
	{ "dev", ARG_STR, "IFNAME", ARG_REQUIRED },
	{ "prog", ARG_PROG, NULL, ARG_REQUIRED },
	{ "via", ARG_CHOICE, "link|netlink" },
	{ "skb", ARG_FLAG, NULL, 0, 1 },
	{ "drv", ARG_FLAG, NULL, 0, 1 },
	{ "pin", ARG_STR, "PATH" },
	{ "pinned", ARG_FLAG },
	{ "allow-uid", ARG_UINT, "UID", ARG_REPEAT },
	{ "exec", ARG_REST, "CMD [ARGS...]" },
	{ 0 }
};

static const struct arg_spec positional[] = {
	{ "id", ARG_UINT, "ID", ARG_REQUIRED, 1 },
	{ "pinned", ARG_STR, "PATH", ARG_REQUIRED, 1 },
	{ "PATH", ARG_POS, NULL, ARG_REQUIRED },
	{ 0 }
};

static const struct arg_spec list_like[] = {
	{ "pinned", ARG_FLAG, "PATH", ARG_OPT_PATH },
	{ "owner", ARG_UINT, "PID" },
	{ 0 }
};

static int parse(const struct arg_spec *spec, const char *line, struct args *a, char *msg)
{
	static char buf[512];
	static char *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok(buf, " "); t && argc < 32; t = strtok(NULL, " "))
		argv[argc++] = t;
	return args_parse(spec, argc, argv, a, msg, 256);
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
	struct args a;
	char msg[256] = "";

	TAP_OK(!parse(attach_like, "de veth0 prog x.o name foo v net sk al 1 al 2 exec -- sleep 1", &a, msg),
	       "full attach line parses");
	TAP_STREQ(args_str(&a, "dev"), "veth0", "dev value");
	TAP_OK(args_get(&a, "prog")->prog.kind == LC_PROG_SPEC_FILE, "prog spec is a file");
	TAP_STREQ(args_get(&a, "prog")->prog.prog_name, "foo", "prog name");
	TAP_STREQ(args_str(&a, "via"), "netlink", "choice expands to the full word");
	TAP_OK(args_num(&a, "via") == 1, "choice index");
	TAP_OK(args_has(&a, "skb") && !args_has(&a, "drv"), "flag seen");
	TAP_OK(args_get(&a, "allow-uid")->seen == 2 && args_get(&a, "allow-uid")->list[1] == 2,
	       "repeated keyword keeps every value");
	TAP_OK(args_get(&a, "exec")->nrest == 2, "rest takes everything after --");
	TAP_OK(!parse(attach_like, "dev a prog id 7 via l", &a, msg), "choice prefix of the first word");
	TAP_STREQ(args_str(&a, "via"), "link", "the first choice is that word alone");

	TAP_OK(parse(attach_like, "dev a prog id 7 p x", &a, msg) == -EINVAL, "ambiguous keyword refused");
	TAP_STREQ(msg, "ambiguous keyword 'p': could be prog, pin, pinned", "ambiguity names candidates");
	TAP_OK(parse(attach_like, "dev a prog id 7 skb drv", &a, msg) == -EINVAL, "group conflict");
	TAP_STREQ(msg, "'skb' and 'drv' exclude each other", "group conflict message");
	TAP_OK(parse(attach_like, "prog id 7", &a, msg) == -EINVAL, "required missing");
	TAP_STREQ(msg, "missing 'dev'", "required message");
	TAP_OK(parse(attach_like, "dev a prog id 0", &a, msg) == -EINVAL, "prog id 0 refused");
	TAP_OK(parse(attach_like, "dev a prog pinned /x via bogus", &a, msg) == -EINVAL, "bad choice");
	TAP_STREQ(msg, "invalid value 'bogus' for 'via' (expected link|netlink)", "choice message");
	TAP_OK(parse(attach_like, "dev a prog id 1 dev b", &a, msg) == -EINVAL, "duplicate refused");

	TAP_OK(!parse(positional, "id 5 /sys/fs/bpf/x", &a, msg), "positional after keyword");
	TAP_STREQ(args_str(&a, "PATH"), "/sys/fs/bpf/x", "positional value");
	TAP_OK(parse(positional, "/sys/fs/bpf/x", &a, msg) == -EINVAL, "required group missing");
	TAP_STREQ(msg, "missing 'id' (or one of its alternatives)", "required group message");
	TAP_OK(parse(positional, "id 5 a b", &a, msg) == -EINVAL, "extra positional refused");
	TAP_STREQ(msg, "unexpected argument 'b'", "extra positional message");

	TAP_OK(!parse(list_like, "pinned owner 5", &a, msg), "optional path: a keyword is not it");
	TAP_OK(args_has(&a, "pinned") && !args_str(&a, "pinned") && args_num(&a, "owner") == 5,
	       "optional path absent");
	TAP_OK(!parse(list_like, "pinned /sys/fs/bpf/x owner 5", &a, msg), "optional path given");
	TAP_STREQ(args_str(&a, "pinned"), "/sys/fs/bpf/x", "optional path value");
	TAP_OK(parse(list_like, "pinned x", &a, msg) == -EINVAL, "a word without '/' is no path");
	TAP_STREQ(msg, "unexpected argument 'x'", "no-path word message");
}

static void test_usage(void)
{
	char buf[512];

	args_usage(attach_like, buf, sizeof(buf));
	TAP_STREQ(buf, "dev IFNAME prog PROGSPEC [via link|netlink] [ skb | drv ] [pin PATH] "
		  "[pinned] [allow-uid UID]... [exec -- CMD [ARGS...]]", "usage from the table");
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
	test_usage();
	return TAP_DONE();
}
