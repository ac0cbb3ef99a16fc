/* tiertrend — time series of ordinal ratings (TIP Report tiers and others).
 *
 * main() finds the command in the table of commands.c and runs it; then it
 * checks that standard output really reached its destination (a full disk
 * or a closed pipe is an error, not silence).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "tt_cli.h"
#include "tt_version.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: tiertrend COMMAND [OPTIONS]\n"
          "       tiertrend COMMAND --help\n"
          "       tiertrend --version\n\n"
          "Time series of ordinal ratings. With no --data, the bundled\n"
          "tiers of the US State Department's Trafficking in Persons "
          "Report.\n\nCommands:\n");
  for (size_t i = 0; i < tt_n_commands; i++)
    fprintf(f, "  %-12s %s\n", tt_commands[i]->name, tt_commands[i]->summary);
  fprintf(f, "\nExit codes: 0 ok, 64 usage, 65 bad data, 66 cannot open "
             "input,\n73 cannot create output, 74 I/O error.\n");
}

static int finish(int rc) {
  /* As git does: a failed write to stdout must not exit 0. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    if (rc == 0 || rc == TT_CLI_DONE)
      fprintf(stderr, "tiertrend: write to standard output failed: %s\n",
              strerror(errno ? errno : EIO));
    return EX_IOERR;
  }
  return tt_cli_exit_code(rc);
}

int main(int argc, char **argv) {
  /* A closed pipe should surface as a write error (EPIPE), not a kill. */
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    return EX_USAGE;
  }
  const char *name = argv[1];
  if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
      !strcmp(name, "help")) {
    if (argc > 2 && strcmp(name, "help") == 0) {
      const tt_command *c = tt_command_find(argv[2]);
      if (c) {
        char *av[] = {argv[2], "--help", NULL};
        tt_cli cli;
        tt_cli_init(&cli, c);
        int rc = c->run(&cli, 2, av);
        tt_cli_free(&cli);
        return finish(rc);
      }
    }
    usage(stdout);
    return finish(0);
  }
  if (!strcmp(name, "--version") || !strcmp(name, "version")) {
    char *dir = tt_cli_datadir();
    printf("tiertrend %s\nbundled data: %s\n", tt_version(),
           dir ? dir : "(not found)");
    free(dir);
    return finish(0);
  }
  const tt_command *c = tt_command_find(name);
  if (!c) {
    fprintf(stderr, "tiertrend: '%s' is not a command. Commands:", name);
    for (size_t i = 0; i < tt_n_commands; i++)
      fprintf(stderr, " %s", tt_commands[i]->name);
    fprintf(stderr, "\n");
    return EX_USAGE;
  }
  tt_cli cli;
  tt_cli_init(&cli, c);
  int rc = c->run(&cli, argc - 1, argv + 1);
  tt_cli_free(&cli);
  return finish(rc);
}
