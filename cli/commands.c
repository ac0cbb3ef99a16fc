#include "commands.h"

#include <string.h>

const tt_command *const tt_commands[] = {
    &tt_cmd_summary,
    &tt_cmd_country,
    &tt_cmd_trends,
    &tt_cmd_transitions,
    &tt_cmd_markov,
    &tt_cmd_spells,
    &tt_cmd_rules,
    &tt_cmd_compare,
    &tt_cmd_plot,
    &tt_cmd_report,
};

const size_t tt_n_commands = sizeof tt_commands / sizeof *tt_commands;

const tt_command *tt_command_find(const char *name) {
  for (size_t i = 0; i < tt_n_commands; i++)
    if (!strcmp(tt_commands[i]->name, name)) return tt_commands[i];
  return NULL;
}
