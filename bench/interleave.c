// SPDX-License-Identifier: GPL-2.0-only
/*
 * interleave.c: wall-clock medians of several commands, run in interleaved rounds
 * (A B C D, A B C D, ...) so that a machine whose speed drifts during the run (a
 * shared VM does, by a third within a minute) slows every command alike and the
 * ratios between them stay fair. hyperfine runs each command's series in one block.
 *
 *   interleave ROUNDS WARMUP 'cmd one' 'cmd two' ...
 *
 * Each command is split on blanks (no shell), run with stdout on /dev/null; one line
 * per command: its median and its minimum in ms. A command failing is an error.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#define MAX_ARGS 32

static double run_ms(char *const argv[])
{
	struct timespec t0, t1;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "interleave: '%s' failed\n", argv[0]);
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds, warmup, ncmds = argc - 3;
	char *args[16][MAX_ARGS + 1];
	double *ms;

	if (argc < 4 || ncmds > 16 || (rounds = atoi(argv[1])) < 1 || (warmup = atoi(argv[2])) < 0) {
		fprintf(stderr, "usage: interleave ROUNDS WARMUP CMD...\n");
		return 2;
	}
	for (int c = 0; c < ncmds; c++) {
		int n = 0;

		for (char *tok = strtok(argv[c + 3], " "); tok && n < MAX_ARGS; tok = strtok(NULL, " "))
			args[c][n++] = tok;
		args[c][n] = NULL;
	}
	ms = calloc((size_t)ncmds * (size_t)rounds, sizeof(*ms));
	if (!ms)
		return 1;
	for (int r = -warmup; r < rounds; r++)
		for (int c = 0; c < ncmds; c++) {
			double t = run_ms(args[c]);

			if (r >= 0)
				ms[c * rounds + r] = t;
		}
	for (int c = 0; c < ncmds; c++) {
		double *v = ms + c * rounds;

		qsort(v, (size_t)rounds, sizeof(*v), cmp_double);
		printf("%.3f %.3f\n", rounds % 2 ? v[rounds / 2] : (v[rounds / 2 - 1] + v[rounds / 2]) / 2, v[0]);
	}
	free(ms);
	return 0;
}
