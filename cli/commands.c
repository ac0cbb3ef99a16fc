#include "commands.h"

#include <string.h>

const tt_command *const tt_commands[] = {
    &tt_cmd_summary,
    &tt_cmd_country,
    &tt_cmd_plot,
};

const size_t tt_n_commands = sizeof tt_commands / sizeof *tt_commands;

const tt_command *tt_command_find(const char *name) {
  for (size_t i = 0; i < tt_n_commands; i++)
    if (!strcmp(tt_commands[i]->name, name)) return tt_commands[i];
  return NULL;
}
